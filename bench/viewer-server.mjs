// The viewer server at 100,000 cells (50,000 tests x 2 columns, written straight through the
// store's writer): `assay view --no-open` start-up, the first screen's API calls (eval list,
// header, first 50 rows, summary; fetched at once as the app does), the same warm, a filtered
// and a deep page, a free-text and a regex search, a cell's details, a 100k-vs-100k compare, and
// the server's peak RSS (VmHWM) after all of it. Run alone: `node bench/viewer-server.mjs`.
// Chromium's time to first screen is measured by the app's own bench.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticEval } from './viewer-data.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = 50_000;

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

/** Peak resident set of a process, from /proc (Linux); NaN elsewhere. */
function peakRss(pid) {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function timed(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

export async function bench() {
  const home = mkdtempSync(join(tmpdir(), 'assay-bench-viewer-'));
  const store = join(home, 'store.db');
  const rows = [];
  const add = (name, value, unit, target, better = 'lower') => rows.push({ name, value, unit, target, better });
  let child;
  try {
    const writeMs = await timed(async () => {
      writeSyntheticEval(store, { evalId: 'eval-bench-base', rows: ROWS, variant: 3 });
      writeSyntheticEval(store, { evalId: 'eval-bench-main', rows: ROWS });
    });
    console.log(
      `viewer     wrote two ${(ROWS * 2).toLocaleString('en')}-cell evals in ${(writeMs / 1000).toFixed(1)} s`,
    );
    const started = performance.now();
    const view = await startView(home);
    child = view.child;
    add('viewer: assay view start-up to URL', performance.now() - started, 'ms', 1000);
    const api = (path) => getJson(`${view.url}api/${path}`);
    const id = 'eval-bench-main';
    const firstScreen = () =>
      Promise.all([
        api('evals?limit=100'),
        api(`evals/${id}`),
        api(`evals/${id}/rows?limit=50`),
        api(`evals/${id}/summary`),
      ]);
    const [list, header, page] = await firstScreen().then((r) => r);
    if (list.total !== 2 || header.listing.cells !== ROWS * 2 || page.rows.length !== 50)
      throw new Error('unexpected first screen');
    // The first call above ran cold; time a fresh server's cold first screen too, then warm.
    child.kill('SIGTERM');
    const view2 = await startView(home);
    child = view2.child;
    const api2 = (path) => getJson(`${view2.url}api/${path}`);
    const cold = await timed(() =>
      Promise.all([
        api2('evals?limit=100'),
        api2(`evals/${id}`),
        api2(`evals/${id}/rows?limit=50`),
        api2(`evals/${id}/summary`),
      ]),
    );
    add('viewer: first screen API, 100k cells, cold server (list+header+50 rows+summary)', cold, 'ms', 1000);
    const warm = await timed(() =>
      Promise.all([
        api2('evals?limit=100'),
        api2(`evals/${id}`),
        api2(`evals/${id}/rows?limit=50`),
        api2(`evals/${id}/summary`),
      ]),
    );
    add('viewer: first screen API, 100k cells, warm', warm, 'ms', 300);
    add('viewer: server peak RSS after first screen', peakRss(child.pid) / 1_048_576, 'MB', 300);
    const each = [
      ['failures only, first page', `evals/${id}/rows?show=failures&limit=50`],
      ['rows differing between columns', `evals/${id}/rows?show=differs&limit=50`],
      ['deep page (offset 40,000)', `evals/${id}/rows?offset=40000&limit=50`],
      ['sorted by score', `evals/${id}/rows?sort=score&limit=50`],
      ['free-text search (SQL LIKE)', `evals/${id}/rows?q=topic%2049999&limit=50`],
      ['regex search (JS, bounded)', `evals/${id}/rows?q=topic%204999%5B0-9%5D%24&regex=1&limit=50`],
      ['metric + metadata filter', `evals/${id}/rows?metric=relevance&meta=category%3Dcat-3&limit=50`],
      ['cell details', `evals/${id}/cells/cell-1234-1`],
      ['compare 100k vs 100k, first page', `compare?baseline=eval-bench-base&candidate=${id}&limit=50`],
      ['compare, next page (memoised)', `compare?baseline=eval-bench-base&candidate=${id}&offset=50&limit=50`],
    ];
    for (const [name, path] of each)
      add(`viewer: ${name}`, await timed(() => api2(path)), 'ms', name.startsWith('compare 100k') ? 3000 : 1000);
    add('viewer: server peak RSS after all of the above', peakRss(child.pid) / 1_048_576, 'MB', 300);
  } finally {
    child?.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await bench()) {
    const ok = row.better === 'lower' ? row.value <= row.target : row.value >= row.target;
    console.log(
      `${row.name}: ${row.value.toFixed(0)} ${row.unit} (target ${row.better === 'lower' ? '<' : '>'} ${row.target} ${row.unit}) ${ok ? 'ok' : 'MISSED'}`,
    );
  }
}
