// Time to first screen in Chromium for a 100,000-cell eval (50,000 tests x 2 columns, written
// straight through the store's writer by bench/viewer-data.mjs): `assay view --no-open`, then
// headless Chromium (system /usr/bin/chromium via playwright-core) opens the eval page; the figure
// is from navigation start until the first matrix rows with cells are visible. Measured on a
// freshly started server (cold) and again on a new page (warm). Target: under 2 s.
// Run alone: `node bench/viewer-first-screen.mjs` (after `npm run build`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { writeSyntheticEval } from './viewer-data.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = 50_000;
const EVAL_ID = 'eval-bench-first-screen';
const CHROMIUM = [process.env.ASSAY_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path) => path && existsSync(path),
);

function startView(home) {
  const child = spawn(process.execPath, [join(root, 'dist', 'bin', 'main.js'), 'view', '--no-open', '--port', '0'], {
    env: { ...process.env, ASSAY_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const url = /(http:\/\/\S+\/)/.exec(stdout)?.[1];
      if (url) resolve({ child, url });
    });
    child.on('exit', (code) => reject(new Error(`assay view exited ${code}: ${stderr}`)));
  });
}

/** Navigation start → first rows with cells visible, in ms, measured by the page's own clock. */
async function firstScreen(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(url);
    await page.locator('.matrix-row .result-cell[data-cell-id]').first().waitFor({ state: 'visible', timeout: 60_000 });
    const ms = await page.evaluate(() => performance.now());
    const rendered = await page.locator('.matrix-row').count();
    return { ms, rendered };
  } finally {
    await page.close();
  }
}

export async function bench() {
  if (!CHROMIUM) {
    console.log('viewer     first screen: skipped, no Chromium (install the Debian package `chromium`).');
    return [];
  }
  const home = mkdtempSync(join(tmpdir(), 'assay-bench-first-screen-'));
  let child;
  let browser;
  try {
    writeSyntheticEval(join(home, 'store.db'), { evalId: EVAL_ID, rows: ROWS });
    const view = await startView(home);
    child = view.child;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const url = `${view.url}#/eval/${EVAL_ID}`;
    const cold = await firstScreen(browser, url);
    const warm = await firstScreen(browser, url);
    console.log(
      `viewer     first screen of a ${(ROWS * 2).toLocaleString('en')}-cell eval: ${cold.ms.toFixed(0)} ms cold, ${warm.ms.toFixed(0)} ms warm; ${cold.rendered} row elements in the DOM (virtualised)`,
    );
    return [
      {
        name: 'viewer: Chromium first screen, 100k cells, cold server',
        value: cold.ms,
        unit: 'ms',
        target: 2000,
        better: 'lower',
      },
      {
        name: 'viewer: Chromium first screen, 100k cells, warm',
        value: warm.ms,
        unit: 'ms',
        target: 2000,
        better: 'lower',
      },
    ];
  } finally {
    await browser?.close();
    child?.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await bench()) {
    const ok = row.value <= row.target;
    console.log(
      `${row.name}: ${row.value.toFixed(0)} ${row.unit} (target < ${row.target} ${row.unit}) ${ok ? 'ok' : 'MISSED'}`,
    );
  }
}
