// Python: the same 2,000-test eval at -j 8 against a provider returning a constant, written once
// in JavaScript and once in Python (persistent worker pool). Reports both wall times and the
// Python overhead per call; then the same 2,000 calls in-process with the CPU time they cost
// (Node plus every worker), which a busy shared machine distorts far less than wall time; and
// checks that an eval using no Python starts no Python worker.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const TESTS = 2000;
const CONCURRENCY = 8;
const RUNS = 3;

function writeSuite(dir, providerFile) {
  const rows = ['n'];
  for (let i = 0; i < TESTS; i++) rows.push(String(i));
  writeFileSync(join(dir, 'tests.csv'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'const.mjs'), "export default async function () { return { output: 'constant answer' }; }\n");
  writeFileSync(
    join(dir, 'const.py'),
    "def call_api(prompt, options, context):\n    return {'output': 'constant answer'}\n",
  );
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    `prompts: ['Question {{n}}']\nproviders: [file://${providerFile}]\ntests: file://tests.csv\ndefaultTest:\n  assert: [{ type: equals, value: constant answer }]\n`,
  );
}

export async function bench({ runCli, root }) {
  if (spawnSync(process.env.ASSAY_PYTHON || 'python3', ['--version']).status !== 0) {
    return [{ name: 'skipped', value: null, note: 'python3 not found (set ASSAY_PYTHON to an interpreter)' }];
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  // JS and Python runs alternate, so a busy spell on the shared machine touches both alike.
  const files = ['const.mjs', 'const.py'];
  const dirs = Object.fromEntries(
    files.map((file) => {
      const dir = mkdtempSync(join(tmpdir(), 'assay-python-bench-'));
      writeSuite(dir, file);
      return [file, dir];
    }),
  );
  const times = { 'const.mjs': [], 'const.py': [] };
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const file of files) {
        const args = [
          'eval',
          '-c',
          dirs[file],
          '--no-progress-bar',
          '--no-table',
          '--no-cache',
          '-j',
          String(CONCURRENCY),
        ];
        const run = await runCli(args);
        if (run.status !== 0) {
          throw new Error(`python bench (${file}): the eval exited ${run.status}\n${run.stderr.slice(-2000)}`);
        }
        times[file].push(run.wallMs);
      }
    }
  } finally {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
  const wall = { 'const.mjs': median(times['const.mjs']), 'const.py': median(times['const.py']) };
  const overheadMs = (wall['const.py'] - wall['const.mjs']) / TESTS;
  const inProcess = await benchInProcess(root);

  // An eval that names no Python must not start a worker: --verbose logs every worker started.
  const dir = mkdtempSync(join(tmpdir(), 'assay-python-bench-'));
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    "prompts: ['Hi {{n}}']\nproviders: [echo]\ntests: [{ vars: { n: 1 } }]\n",
  );
  const plain = await runCli(['--verbose', 'eval', '-c', dir, '--no-progress-bar', '--no-table']);
  rmSync(dir, { recursive: true, force: true });
  const started = (plain.stderr.match(/\[python\] started worker/g) ?? []).length;
  return [
    {
      name: `${TESTS} tests -j ${CONCURRENCY}: Python overhead per call`,
      value: overheadMs,
      unit: 'ms',
      target: 1,
      strict: true,
      note: `constant provider, whole eval: JS ${wall['const.mjs'].toFixed(0)} ms, Python ${wall['const.py'].toFixed(0)} ms wall (median of ${RUNS}, alternating); a negative figure is the machine's noise`,
    },
    ...inProcess,
    { name: 'Python workers started by an eval with no Python', value: started, unit: '', target: 0 },
  ];
}

/**
 * 2,000 calls at concurrency 8 straight to the pool vs an async JS function: wall and CPU time.
 * Each reply carries its worker's CPU clock, so the last reading per worker is that worker's total
 * (start-up included).
 */
async function benchInProcess(root) {
  // The build under test's own modules (bench/compare.mjs points `root` at each build in turn).
  const load = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
  const { callPython } = await load('python/call.js');
  const { closePythonPools } = await load('python/pool.js');
  const { setPythonWorkerLimit } = await load('python/settings.js');
  setPythonWorkerLimit(CONCURRENCY);
  const dir = mkdtempSync(join(tmpdir(), 'assay-python-bench-'));
  const file = join(dir, 'const.py');
  writeFileSync(
    file,
    'import os, time\n\ndef call_api(prompt, options, context):\n' +
      '    return {"output": "constant answer", "metadata": {"pid": os.getpid(), "cpu": time.process_time()}}\n',
  );
  const target = { path: file };
  const jsProvider = async () => ({ output: 'constant answer' });
  const args = (i) => [
    `Question ${i}`,
    { id: 'file://const.py', config: {} },
    { vars: { n: String(i) }, prompt: { raw: 'Question {{n}}', label: 'q' } },
  ];
  const workerCpu = new Map();
  const runAll = async (call) => {
    let next = 0;
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const lane = async () => {
      while (next < TESTS) {
        const reply = await call(args(next++));
        if (reply.metadata)
          workerCpu.set(
            reply.metadata.pid,
            Math.max(workerCpu.get(reply.metadata.pid) ?? 0, reply.metadata.cpu * 1000),
          );
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const used = process.cpuUsage(cpu);
    return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, nodeCpuMs: (used.user + used.system) / 1000 };
  };
  const js = await runAll((a) => jsProvider(...a));
  const py = await runAll((a) => callPython(target, 'call_api', a));
  closePythonPools();
  rmSync(dir, { recursive: true, force: true });
  const pythonCpuMs = [...workerCpu.values()].reduce((a, b) => a + b, 0);
  const cpuPerCall = (py.nodeCpuMs + pythonCpuMs - js.nodeCpuMs) / TESTS;
  return [
    {
      name: `in-process, ${TESTS} calls: Python CPU overhead per call`,
      value: cpuPerCall,
      unit: 'ms',
      note:
        `concurrency ${CONCURRENCY}, pool start-up included: JS ${js.wallMs.toFixed(0)} ms, Python ${py.wallMs.toFixed(0)} ms wall; ` +
        `CPU: Node ${py.nodeCpuMs.toFixed(0)} ms + ${workerCpu.size} workers ${pythonCpuMs.toFixed(0)} ms vs JS ${js.nodeCpuMs.toFixed(0)} ms`,
    },
  ];
}
