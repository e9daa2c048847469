// `npm run bench`: reports the figures the project promises, measured on this machine.
//   1. start-up: a one-test echo eval, whole process, median wall time of several runs
//   2. scale: a 10,000-test echo suite, wall time and peak RSS
//   3. throughput: 2,000 Databricks chat tests at concurrency 20 against the emulator with 20 ms latency
//   4. WebSocket: 1,000 streamed calls at concurrency 50 against the WebSocket emulator
//   5. Python: 2,000 calls at -j 8 to a constant provider in Python vs the same in JavaScript
//   6. call policy: a dead server (120 tests, nothing listening; < 10 s) and a run against a rate limit
//   7. shard: 20,000 tests at 50 ms latency, 1 shard vs 4 concurrent shards, and the merge's time and peak RSS
//   8. store: store on vs --no-write (2,000 tests), and `assay show` of a 100,000-cell eval (bench/store.mjs)
// Figures are printed, never asserted: the tests do not time anything.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEchoSuite } from './generate-suite.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'bin', 'main.js');
const rssReporter = join(root, 'bench', 'rss-reporter.cjs');
const only = process.argv[2];
// Benchmarks record into a throwaway store, never the user's ~/.assay (a bench may set its own).
const benchHome = mkdtempSync(join(tmpdir(), 'assay-bench-home-'));
process.on('exit', () => rmSync(benchHome, { recursive: true, force: true }));

/**
 * Runs the CLI once; resolves wall ms, peak RSS bytes and the exit status. Asynchronous, so
 * emulators started in this process keep answering while the child runs.
 */
export function runCli(args, env = {}) {
  const work = mkdtempSync(join(tmpdir(), 'assay-bench-'));
  const rssFile = join(work, 'rss');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-r', rssReporter, cli, ...args], {
    env: {
      ...process.env,
      ASSAY_BENCH_RSS_FILE: rssFile,
      ASSAY_CACHE_PATH: join(work, 'cache'),
      ASSAY_HOME: benchHome,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    child.on('close', (status) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let rss = NaN;
      try {
        rss = Number(readFileSync(rssFile, 'utf8'));
      } catch {}
      rmSync(work, { recursive: true, force: true });
      resolve({ wallMs, rss, status, stdout, stderr });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function checkStatus(name, run) {
  if (run.status !== 0) {
    console.error(`${name}: the eval exited ${run.status}\n${run.stderr.slice(-2000)}`);
    process.exitCode = 1;
  }
}

async function benchStartup() {
  const dir = mkdtempSync(join(tmpdir(), 'assay-startup-'));
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    "prompts: ['Hello {{name}}']\nproviders: [echo]\ntests:\n  - vars: { name: world }\n    assert:\n      - type: contains\n        value: world\n",
  );
  await runCli(['eval', '-c', dir, '--no-progress-bar']); // warm the file-system cache
  const runs = [];
  for (let i = 0; i < 9; i++) runs.push(await runCli(['eval', '-c', dir, '--no-progress-bar']));
  checkStatus('start-up', runs[0]);
  rmSync(dir, { recursive: true, force: true });
  const wall = median(runs.map((r) => r.wallMs));
  console.log(
    `start-up   one-test echo eval: median ${wall.toFixed(0)} ms wall over ${runs.length} runs (target < 250 ms), peak RSS ${mb(median(runs.map((r) => r.rss)))}`,
  );
}

async function benchScale() {
  const dir = generateEchoSuite(mkdtempSync(join(tmpdir(), 'assay-scale-')), 10_000);
  const run = await runCli(['eval', '-c', dir, '--no-progress-bar', '-j', '16', '-o', join(dir, 'out.jsonl')]);
  checkStatus('scale', run);
  const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trimEnd().split('\n').length;
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `scale      10,000-test echo suite: ${(run.wallMs / 1000).toFixed(2)} s wall, peak RSS ${mb(run.rss)} (target < 150 MB), ${lines} results written`,
  );
}

const benches = { startup: benchStartup, scale: benchScale };
const extra = [
  './databricks.mjs',
  './websocket.mjs',
  './python.mjs',
  './call-policy.mjs',
  './shard.mjs',
  './store.mjs',
];

for (const [name, fn] of Object.entries(benches)) if (!only || only === name) await fn();
for (const path of extra) {
  const name = path.slice(2, -4);
  if (only && only !== name) continue;
  try {
    const mod = await import(path);
    await mod.default({ runCli, mb });
  } catch (err) {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes(path.slice(2))) continue;
    throw err;
  }
}
