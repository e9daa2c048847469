// Bundles the `assay` command into a few files under dist/bin/. Loading ~500 small ES modules
// (our own plus zod's, yaml's, ...) costs about a third of a short eval's wall time; a bundle with
// lazily loaded chunks starts in roughly half the time. The library (dist/index.js) stays unbundled.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

// undici's HTTP/2 client loads node:http2 (~8 ms) whenever undici's HTTP/1 client loads; Assay never
// enables allowH2, so the bundle gets a stand-in that says so if it were ever reached.
const noHttp2 = {
  name: 'undici-without-http2',
  setup(b) {
    b.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      args.importer.includes('undici') ? { path: 'client-h2', namespace: 'assay-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'assay-stub' }, () => ({
      contents:
        "module.exports = function connectH2() { throw new Error('HTTP/2 is not enabled in the assay command (allowH2 is off)'); };",
      loader: 'js',
    }));
  },
};

// fdir (under tinyglobby) requires picomatch from node_modules when it loads, for a glob helper
// tinyglobby never calls (it brings its own, bundled, picomatch); left out, start-up skips loading
// an unbundled copy. If fdir's code changes, the file is bundled unchanged.
const fdirWithoutOptionalPicomatch = {
  name: 'fdir-without-optional-picomatch',
  setup(b) {
    b.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const optional = 'require.resolve("picomatch");';
      const patched = source.includes(optional)
        ? source.replace(/__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);/, '')
        : source;
      return { contents: patched, loader: 'js' };
    });
  },
};

// Chunk names carry content hashes: clear the old ones so a packed tarball holds only this build's.
rmSync('dist/bin', { recursive: true, force: true });

await build({
  // The store's worker thread is its own entry: store-writer loads it by path, beside the chunks.
  entryPoints: { main: 'src/cli/main.ts', 'store-worker': 'src/store/store-worker.ts' },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // jiti loads its own files by relative path at run time, so it stays a normal dependency.
  external: ['jiti'],
  // Bundled CommonJS dependencies call require(); give ES module chunks one.
  banner: {
    js: "import { createRequire as __assayCreateRequire } from 'node:module'; const require = __assayCreateRequire(import.meta.url);",
  },
  plugins: [noHttp2, fdirWithoutOptionalPicomatch],
  logLevel: 'warning',
});

// The Python worker is a script the pool spawns, not a module: ship it beside dist/python/*.js,
// where both the library build and this bundle (one folder over) look for it.
mkdirSync('dist/python', { recursive: true });
copyFileSync('src/python/worker.py', 'dist/python/worker.py');
