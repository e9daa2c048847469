// Bundles the `assay` command into dist/bin/: one CommonJS bundle of the CLI (cli-<hash>.cjs) and
// the entry, main.js (src/cli/start.ts), which compiles that bundle with a V8 code cache. Loading
// ~500 small ES modules (our own plus zod's, yaml's, ...) cost about a third of a short eval's wall
// time, and Node 20 has no code cache for ES modules; a CommonJS bundle can be compiled by
// vm.Script from cached bytecode. Modules stay lazy inside it: a dynamic import() becomes a
// function that initialises the module on first use, so `assay eval` runs none of the viewer.
// The library (dist/index.js) stays unbundled.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// undici's HTTP/2 client loads node:http2 (~8 ms) whenever undici's HTTP/1 client loads; Assay never
// enables allowH2, so the bundle gets a stand-in that says so if it were ever reached.
const noHttp2 = {
  name: 'undici-without-http2',
  setup(b) {
    b.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      args.importer.includes('undici') ? { path: 'client-h2', namespace: 'assay-stub' } : undefined,
    );
    b.onLoad({ filter: /^client-h2$/, namespace: 'assay-stub' }, () => ({
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

// commander (executable subcommands) and detect-libc (a last-resort probe) load node:child_process
// (~3 ms) when they load, for paths Assay never takes: they get a stand-in that loads the real
// module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/](commander|detect-libc)[\\/]/.test(args.importer)
        ? { path: 'lazy-child-process', namespace: 'assay-stub' }
        : undefined,
    );
    b.onLoad({ filter: /^lazy-child-process$/, namespace: 'assay-stub' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });",
      loader: 'js',
    }));
  },
};

// libsql's JavaScript (and what it loads to pick its native package) goes into the bundle, so it
// starts from the code cache; the native package itself (@libsql/<target>) is required at run time.
// The library build loads libsql from node_modules instead (src/store/load-libsql.ts); here that
// module is replaced by a plain require, and @neon-rs/load's glibc probe (a process.report
// diagnostic report, ~5 ms) asks detect-libc first, as load-libsql.ts arranges at run time.
const libsqlInBundle = {
  name: 'libsql-in-bundle',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]store[\\/]load-libsql\.ts$/ }, () => ({
      contents: [
        "import type Libsql from 'libsql';",
        'let loaded: typeof Libsql | undefined;',
        "export function loadLibsql(): typeof Libsql { return (loaded ??= require('libsql') as typeof Libsql); }",
        'export interface AsyncConnection { exec(sql: string): Promise<unknown>; close(): void }',
        "export function openAsyncConnection(path: string): AsyncConnection { loadLibsql(); return new (require('libsql/promise'))(path); }",
      ].join('\n'),
      loader: 'ts',
    }));
    b.onLoad({ filter: /[\\/]@neon-rs[\\/]load[\\/]dist[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const probe = 'function isGlibc() {';
      if (!source.includes(probe)) return undefined;
      const viaDetectLibc =
        "const family = require('detect-libc').familySync(); if (family === 'glibc' || family === 'musl') return family === 'glibc';";
      return { contents: source.replace(probe, `${probe} ${viaDetectLibc}`), loader: 'js' };
    });
  },
};

// cli-table3 measures every cell with string-width, whose emoji regular expression takes ~9 ms to
// compile on first use, even for a table of plain ASCII text and box-drawing borders (which it
// cannot match). The table gets a string-width that counts such text directly (the same widths,
// checked against string-width for every such character) and hands anything else to the real one.
const asciiFastStringWidth = {
  name: 'ascii-fast-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      /[\\/]cli-table3[\\/]/.test(args.importer)
        ? { path: 'ascii-fast-string-width', namespace: 'assay-stub', pluginData: args.resolveDir }
        : undefined,
    );
    b.onLoad({ filter: /^ascii-fast-string-width$/, namespace: 'assay-stub' }, (args) => ({
      contents: `const stringWidth = require('string-width');
// ANSI colour codes are not counted (string-width strips them too); a printable ASCII character,
// a box-drawing character (the table's borders) and the ellipsis (its truncation mark) are 1 wide.
const ansi = /\\u001b\\[[0-9;]*m/g;
module.exports = (text) => {
  if (typeof text !== 'string') return stringWidth(text);
  const plain = text.includes('\\u001b') ? text.replace(ansi, '') : text;
  return /^[\\x20-\\x7e\\u2500-\\u257f\\u2026]*$/.test(plain) ? plain.length : stringWidth(text);
};`,
      loader: 'js',
      resolveDir: args.pluginData,
    }));
  },
};

// undici's HTTP/1 parser, llhttp, is WebAssembly that undici decodes from base64 and compiles on
// the main thread at the first request, function by function as each is first called (~4 ms of a
// one-test eval). In the bundle it is read from a plain .wasm file beside it (LLHTTP_WASM) and
// compiled whole on a background thread as soon as undici's HTTP/1 client loads, while the CLI
// still starts up; the first request then only instantiates it. If the compile has not finished
// by then the module is compiled there as before; if it fails (no SIMD), undici falls back to its
// plain llhttp build as always. It is compiled by Liftoff alone: V8 would otherwise recompile its
// hot parser functions with TurboFan on a background thread, and the process waits for that
// compile to finish before it exits (~50-100 ms after a Databricks eval's two requests, far more
// than Liftoff's parsing costs in any run). The flags (wasm-lazy-compilation off, liftoff-only
// on) are set only while it compiles, through the command's V8 flag tracker (src/cli/v8-flags.ts);
// other WebAssembly in the process tiers up as usual.
const LLHTTP_WASM = 'llhttp_simd.wasm';
const SIMD_MODULE = "new WebAssembly.Module(require('../llhttp/llhttp_simd-wasm.js'))";
const llhttpCompiledEarly = {
  name: 'llhttp-compiled-early',
  setup(b) {
    b.onLoad({ filter: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h1\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(SIMD_MODULE)) return undefined;
      const patched = source
        .replace("'use strict'", "'use strict'\nconst llhttpCompiledEarly = require('llhttp-compiled-early')")
        .replace(SIMD_MODULE, 'llhttpCompiledEarly.simdModule()');
      return { contents: patched, loader: 'js' };
    });
    b.onResolve({ filter: /^llhttp-compiled-early$/ }, () => ({
      path: 'llhttp-compiled-early',
      namespace: 'assay-stub',
    }));
    b.onLoad({ filter: /^llhttp-compiled-early$/, namespace: 'assay-stub' }, () => ({
      contents: `const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const v8 = require('node:v8');
const file = join(__dirname, ${JSON.stringify(LLHTTP_WASM)});
let bytes;
let compiled;
// Where undici would not use the SIMD build (UNDICI_NO_WASM_SIMD=1, ppc64 on older Node versions),
// nothing is compiled early.
if (process.env.UNDICI_NO_WASM_SIMD !== '1' && process.arch !== 'ppc64') {
  try {
    bytes = readFileSync(file);
    // --liftoff-only also turns tier-up off (a V8 implication that --no-liftoff-only does not undo):
    // named here, so the CLI's flag tracker (src/cli/v8-flags.ts) knows they changed and puts them
    // back when it needs V8's default flags (Node's modules, the code cache); otherwise every code
    // cache written after an HTTP request carried another flag hash and was rejected next time.
    v8.setFlagsFromString('--no-wasm-lazy-compilation --liftoff-only --no-wasm-tier-up --no-wasm-dynamic-tiering');
    WebAssembly.compile(bytes)
      .then((module) => { compiled = module; }, () => {})
      .finally(() => v8.setFlagsFromString('--wasm-lazy-compilation --no-liftoff-only'));
  } catch {
    // No file: undici's plain llhttp build is used.
  }
}
exports.simdModule = () => compiled ?? new WebAssembly.Module(bytes ?? readFileSync(file));
`,
      loader: 'js',
    }));
  },
};

// Chunk names carry content hashes: clear the old ones so a packed tarball holds only this build's.
rmSync('dist/bin', { recursive: true, force: true });

const cli = await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  write: false,
  outfile: 'dist/bin/cli.cjs',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Non-ASCII characters escaped, so that the entry can read the bundle as latin1 (cheaper than UTF-8).
  charset: 'ascii',
  // jiti loads its own files by relative path at run time, so it stays a normal dependency.
  external: ['jiti'],
  // Modules that locate files next to themselves (package.json, worker.py, the viewer's assets)
  // get the bundle's own URL, dist/bin/ as before. The version `assay -V` prints (main.ts) is
  // package.json's, written in here.
  define: {
    'import.meta.url': '__assayImportMetaUrl',
    ASSAY_BUNDLED_VERSION: JSON.stringify(JSON.parse(await readFile('package.json', 'utf8')).version),
  },
  banner: { js: "var __assayImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    noHttp2,
    fdirWithoutOptionalPicomatch,
    lazyChildProcess,
    asciiFastStringWidth,
    libsqlInBundle,
    llhttpCompiledEarly,
  ],
  logLevel: 'warning',
});
// vm.Script runs a script, not a module: the bundle is one function expression taking CommonJS's
// arguments (start.ts calls it). A leading #! line from main.ts would be a syntax error inside it.
// esbuild's ASCII charset leaves comments and some regular expression literals as they are: escape
// what is left, so that V8 keeps the 3.5 MB source as a one-byte string (a single non-ASCII character
// would double it). An escape is the same character in a string, a regular expression or a
// comment; a backslash before the character (an identity escape) is dropped for the same reason.
const escapeNonAscii = (text) =>
  text.replace(/\\?([^\x00-\x7f])/g, (_, char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
const body = escapeNonAscii(cli.outputFiles[0].text.replace(/^#!.*\n/, ''));
// V8 drops a script's import() callback when it compiles the script from a code cache: modules
// outside the bundle are imported through src/scripting/import-outside.ts instead (whose own
// import() is the library's fallback, never reached in the command).
const strayImport = body
  .split('\n')
  .find(
    (line) => /(^|[^\w.$])import\(/.test(line) && !/^\s*(\*|\/\/)/.test(line) && !line.includes(': import(specifier)'),
  );
if (strayImport) throw new Error(`the CLI bundle calls import() (use importOutside): ${strayImport.trim()}`);
const wrapped = `(function (exports, require, module, __filename, __dirname) {\n${body}\n})`;
const bundleName = `cli-${createHash('sha256').update(wrapped).digest('hex').slice(0, 16)}.cjs`;
mkdirSync('dist/bin', { recursive: true });
writeFileSync(`dist/bin/${bundleName}`, wrapped);
// The llhttp the bundle compiles early (llhttpCompiledEarly): undici's own bytes, decoded once here.
writeFileSync(`dist/bin/${LLHTTP_WASM}`, createRequire(import.meta.url)('undici/lib/llhttp/llhttp_simd-wasm.js'));

// The entry is CommonJS too: Node then starts without setting up its ES module loader (~5 ms).
// dist/bin/package.json says so for main.js; it has no name, so the walk up to Assay's own
// package.json (file-metadata.ts) passes it by.
await build({
  entryPoints: ['src/cli/start.ts'],
  outfile: 'dist/bin/main.js',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { ASSAY_CLI_BUNDLE: JSON.stringify(bundleName), 'import.meta.url': '__assayImportMetaUrl' },
  banner: { js: "var __assayImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
writeFileSync('dist/bin/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);

// The store's worker thread is its own bundle: off-thread-commits.ts starts it by path, beside the
// CLI bundle (a worker cannot run a function of the CLI bundle). CommonJS like the rest of dist/bin.
await build({
  entryPoints: ['src/store/store-worker.ts'],
  outfile: 'dist/bin/store-worker.js',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.url': '__assayImportMetaUrl' },
  banner: { js: "var __assayImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [libsqlInBundle],
  logLevel: 'warning',
});

// The Python worker is a script the pool spawns, not a module: ship it beside dist/python/*.js,
// where both the library build and this bundle (one folder over) look for it.
mkdirSync('dist/python', { recursive: true });
copyFileSync('src/python/worker.py', 'dist/python/worker.py');
