// Runs one build's CLI as a whole process for a benchmark: wall time from spawn to exit, and from
// preloaded reporters the child's own peak RSS, CPU time and (on request) event-loop stalls.
// One runner per build, so bench/compare.mjs can point the same bench at two checkouts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const reporters = {
  rss: join(benchDir, 'rss-reporter.cjs'),
  cpu: join(benchDir, 'cpu-reporter.cjs'),
  loop: join(benchDir, 'loop-delay-reporter.cjs'),
};

const readNumber = (file) => {
  try {
    return Number(readFileSync(file, 'utf8'));
  } catch {
    return Number.NaN;
  }
};

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

/**
 * A runCli bound to the checkout at `root` (its dist/bin/main.js) and a throwaway store at `home`.
 * runCli(args, env?, { loopDelay? }) resolves { wallMs, rss (bytes), cpuMs, loopDelay?, status,
 * stdout, stderr }. Asynchronous, so emulators in the bench process keep answering meanwhile.
 */
export function makeRunCli({ root, home }) {
  const cli = join(root, 'dist', 'bin', 'main.js');
  return function runCli(args, env = {}, options = {}) {
    const work = mkdtempSync(join(tmpdir(), 'assay-bench-'));
    const files = { rss: join(work, 'rss'), cpu: join(work, 'cpu'), loop: join(work, 'loop.json') };
    const preload = ['-r', reporters.rss, '-r', reporters.cpu];
    if (options.loopDelay) preload.push('-r', reporters.loop);
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...preload, cli, ...args], {
      cwd: options.cwd,
      env: {
        ...process.env,
        ASSAY_BENCH_RSS_FILE: files.rss,
        ASSAY_BENCH_CPU_FILE: files.cpu,
        ASSAY_BENCH_LOOP_FILE: files.loop,
        ASSAY_CACHE_PATH: join(work, 'cache'),
        ASSAY_HOME: home,
        ...env,
      },
    });
    return finished(child, started).then((run) => {
      const result = {
        ...run,
        rss: readNumber(files.rss),
        cpuMs: readNumber(files.cpu),
        loopDelay: options.loopDelay ? readJson(files.loop) : undefined,
      };
      rmSync(work, { recursive: true, force: true });
      return result;
    });
  };
}

/** Times any command as a whole process (e.g. `node -e 0`, the bare HTTP client). */
export function runProcess(command, args, env = {}) {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env: { ...process.env, ...env } });
  return finished(child, started);
}

/** Resolves { wallMs (since `started`, an hrtime), status, stdout, stderr } once the child has closed. */
function finished(child, started) {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    child.on('close', (status) => {
      resolve({ wallMs: Number(process.hrtime.bigint() - started) / 1e6, status, stdout, stderr });
    });
  });
}

export const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const toMB = (bytes) => bytes / 1024 / 1024;

/** Throws with the end of the output when an eval did not finish (0, or 100 when `failuresOk`). */
export function assertFinished(what, run, failuresOk = false) {
  if (run.status === 0 || (failuresOk && run.status === 100)) return;
  throw new Error(`${what}: exited ${run.status}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`);
}
