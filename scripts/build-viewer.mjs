// Builds the browser viewer (src/viewer/app) into dist/viewer/: index.html and assets/app.js,
// assets/app.css with stable names, so the server serves them as they are and the HTML report can
// embed them. One esbuild pass (Preact's JSX, no Vite) keeps the build well under a second.
// dist/viewer also holds tsc's output for src/viewer (server, report): only our files are replaced.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = 'dist/viewer/assets';
rmSync(outdir, { recursive: true, force: true });
for (const old of ['app.js', 'app.css']) rmSync(`dist/viewer/${old}`, { force: true });
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: { app: 'src/viewer/app/main.tsx' },
  outdir,
  bundle: true,
  // A classic script (not a module): it runs from file:// and can be inlined into the report.
  format: 'iife',
  platform: 'browser',
  target: ['chrome111', 'firefox115', 'safari16.4'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  // app.css comes from the entry's CSS import; no source maps so the report stays one small file.
  sourcemap: false,
  legalComments: 'none',
  // `</script` inside the bundle would end an inlined <script>; esbuild escapes it, and the
  // report writer checks again.
  logLevel: 'warning',
});

copyFileSync('src/viewer/app/index.html', 'dist/viewer/index.html');
