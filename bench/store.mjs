// The eval store's cost and scale:
//   1. 2,000 tests against the OpenAI emulator (5 ms latency, -j 20), store on vs --no-write,
//      alternating runs, median wall time of each (target: store on within 10%).
//   2. The same with `echo` (no network: the store's CPU cost with nothing to hide it).
//   3. `assay show` of a 100,000-cell eval (50,000 tests x 2 prompts) to JSONL and JSON: wall
//      time and peak RSS (target: streams, under 200 MB).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulators } from '../dist/emulator/index.js';
import { generateEchoSuite } from './generate-suite.mjs';

const TESTS = 2000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the CLI and resolves its wall time and CPU time (user + system) in ms. */
function runTimed(args, env) {
  const work = mkdtempSync(join(tmpdir(), 'assay-store-cpu-'));
  const cpuFile = join(work, 'cpu');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'bench', 'cpu-reporter.cjs'), join(root, 'dist', 'bin', 'main.js'), ...args],
    {
      env: { ...process.env, ...env, ASSAY_BENCH_CPU_FILE: cpuFile, ASSAY_CACHE_PATH: join(work, 'cache') },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    child.on('close', (status) => {
      const wallMs = performance.now() - started;
      const cpuMs = Number(readFileSync(cpuFile, 'utf8'));
      rmSync(work, { recursive: true, force: true });
      resolve({ status, wallMs, cpuMs, stderr });
    });
  });
}
// Alternating rounds on a shared machine: report the median and the best of each.
const ROUNDS = 5;
const signed = (value, digits = 1) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function openaiSuite(dir) {
  const rows = ['question'];
  for (let i = 0; i < TESTS; i++) rows.push(`Tell me fact number ${i} about stores`);
  writeFileSync(join(dir, 'tests.csv'), `${rows.join('\n')}\n`);
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    "prompts: ['{{question}}']\nproviders: [openai:chat:gpt-4o-mini]\ndefaultTest:\n  assert: [{ type: javascript, value: 'output.length > 0' }]\ntests: file://tests.csv\n",
  );
  return dir;
}

async function onVsOff(name, dir, env, beforeRun = () => {}) {
  const home = mkdtempSync(join(tmpdir(), 'assay-store-home-'));
  const on = [];
  const off = [];
  const cpuOn = [];
  const cpuOff = [];
  for (let i = 0; i < ROUNDS; i++) {
    const args = ['eval', '-c', dir, '--no-progress-bar', '--no-table', '--no-cache', '-j', '20'];
    const runOn = () => {
      beforeRun();
      return runTimed(args, { ...env, ASSAY_HOME: home });
    };
    const runOff = () => {
      beforeRun();
      return runTimed([...args, '--no-write'], { ...env, ASSAY_HOME: home });
    };
    // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
    let a;
    let b;
    if (i % 2 === 0) {
      a = await runOn();
      b = await runOff();
    } else {
      b = await runOff();
      a = await runOn();
    }
    if (a.status !== 0 || b.status !== 0) {
      console.error(`${name}: an eval exited ${a.status}/${b.status}\n${a.stderr.slice(-800)}${b.stderr.slice(-800)}`);
      process.exitCode = 1;
    }
    on.push(a.wallMs);
    off.push(b.wallMs);
    cpuOn.push(a.cpuMs);
    cpuOff.push(b.cpuMs);
  }
  const cOn = median(cpuOn);
  const cOff = median(cpuOff);
  const mOn = median(on);
  const mOff = median(off);
  const size =
    statSync(join(home, 'store.db')).size + statSync(join(home, 'store.db-wal'), { throwIfNoEntry: false })?.size || 0;
  rmSync(home, { recursive: true, force: true });
  console.log(
    `store      ${name}: store on ${(mOn / 1000).toFixed(2)} s, --no-write ${(mOff / 1000).toFixed(2)} s (median of ${ROUNDS}), ` +
      `overhead ${(((mOn - mOff) / mOff) * 100).toFixed(1)}% median, ${(((Math.min(...on) - Math.min(...off)) / Math.min(...off)) * 100).toFixed(1)}% best-vs-best (target <= 10%), store ${(size / 1_048_576).toFixed(1)} MB after ${ROUNDS} evals;` +
      ` CPU time ${cOn.toFixed(0)} ms vs ${cOff.toFixed(0)} ms (${signed(((cOn - cOff) / cOff) * 100)}%, ${signed(((cOn - cOff) * 1000) / TESTS, 0)} µs a cell)`,
  );
}

export default async function benchStore({ runCli, mb }) {
  const emulators = await startEmulators({ knobs: { openai: { latencyMs: 5 } } });
  const dir = openaiSuite(mkdtempSync(join(tmpdir(), 'assay-store-openai-')));
  try {
    await onVsOff(`${TESTS} OpenAI-emulator tests, 5 ms latency, -j 20`, dir, emulators.env(), () =>
      emulators.openai.reset(),
    );
  } finally {
    await emulators.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const echoDir = generateEchoSuite(mkdtempSync(join(tmpdir(), 'assay-store-echo-')), TESTS);
  await onVsOff(`${TESTS} echo tests (no network)`, echoDir, {});
  rmSync(echoDir, { recursive: true, force: true });

  if (process.env.ASSAY_BENCH_STORE_QUICK) return;
  // 100,000 cells: 50,000 echo tests x 2 prompts.
  const bigDir = generateEchoSuite(mkdtempSync(join(tmpdir(), 'assay-store-big-')), 50_000);
  writeFileSync(
    join(bigDir, 'promptfooconfig.yaml'),
    "description: 100k cells\nprompts:\n  - 'Write a short note about {{topic}} for {{audience}}.'\n  - 'Summarise {{topic}} for {{audience}}.'\nproviders: [echo]\ntests: file://tests.csv\n",
  );
  const home = mkdtempSync(join(tmpdir(), 'assay-store-home-'));
  try {
    const ran = await runCli(['eval', '-c', bigDir, '--no-progress-bar', '--no-table', '-j', '16'], {
      ASSAY_HOME: home,
    });
    console.log(
      `store      100,000-cell echo eval, stored: ${(ran.wallMs / 1000).toFixed(1)} s wall, peak RSS ${mb(ran.rss)}, exit ${ran.status}`,
    );
    for (const ext of ['jsonl', 'json']) {
      const out = join(bigDir, `show.${ext}`);
      const shown = await runCli(['show', 'latest', '--no-table', '-o', out], { ASSAY_HOME: home });
      if (shown.status !== 0) {
        console.error(`show: exited ${shown.status}\n${shown.stderr.slice(-800)}`);
        process.exitCode = 1;
      }
      console.log(
        `store      assay show latest -o .${ext} of 100,000 cells: ${(shown.wallMs / 1000).toFixed(1)} s wall, peak RSS ${mb(shown.rss)} (target < 200 MB), wrote ${(statSync(out).size / 1_048_576).toFixed(0)} MB`,
      );
    }
    const listed = await runCli(['list'], { ASSAY_HOME: home });
    console.log(
      `store      assay list with a 100,000-cell eval stored: ${listed.wallMs.toFixed(0)} ms wall; store file ${(statSync(join(home, 'store.db')).size / 1_048_576).toFixed(0)} MB`,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(bigDir, { recursive: true, force: true });
  }
}
