// `npm run bench` (which builds first), or `node bench/run.mjs [name ...] [--json file]`: runs the
// bench modules (every bench/*.mjs but this runner, compare.mjs and generate-suite.mjs; see
// bench/lib/modules.mjs for the shape a module exports) against this checkout's dist/, prints each
// module's figures as it finishes, and ends with ONE table: every figure, its target, the ratio
// value / target and whether the target is met. Names pick modules: `node bench/run.mjs startup`.
// `--json file` also writes the rows as JSON. Figures are printed, never asserted (tests time
// nothing); the exit status is non-zero only when a bench could not run. Default modules:
//   startup           issue 15 row 1: 1-test Databricks eval (and echo, node -e 0), median of 10
//   databricks        issue 15 row 2: 2,000 tests at -j 20, 20 ms latency, vs a bare undici loop
//   high-concurrency  issue 15: 20,000 tests at -j 500, 200 ms latency, vs its floor; event-loop stalls
//   large-suites      issue 15 rows 3-4: 50,000 inline YAML tests; 100,000 CSV tests to .jsonl
//   scale             10,000 CSV tests at -j 16: wall and peak RSS
//   websocket, python, call-policy, shard, store: see each file's header
//   viewer*, report-size (when present): the viewer's figures
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRunCli, mb, runProcess, toMB } from './lib/cli-runner.mjs';
import { awaitedResults, benchNames, loadBench } from './lib/modules.mjs';
import { formatResultsTable, targetSummary } from './lib/table.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');

/** The context a bench module is given for one build (`root`) and a throwaway store (`home`). */
export function benchContext(name, root, home) {
  return {
    root,
    home,
    runCli: makeRunCli({ root, home }),
    runProcess,
    mb,
    toMB,
    log: (line) => console.log(`  ${name}: ${line}`),
  };
}

/** Runs one module; a module that throws gives a row saying so instead of ending the whole run. */
export async function runBench(bench, ctx) {
  try {
    return await bench.run(ctx);
  } catch (err) {
    console.error(`${bench.name}: the bench failed\n${err?.stack ?? err}`);
    process.exitCode = 1;
    const message = String(err?.message ?? err).split('\n')[0];
    return [{ name: 'the bench failed', value: null, note: message }];
  }
}

function parseArgs(argv) {
  const names = [];
  let json;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = argv[++i];
    else names.push(argv[i]);
  }
  return { names, json };
}

async function main() {
  const { names, json } = parseArgs(process.argv.slice(2));
  if (!existsSync(join(root, 'dist', 'bin', 'main.js'))) {
    console.error('bench: dist/ is missing; run `npm run build` first (`npm run bench` does).');
    process.exit(2);
  }
  const known = benchNames(benchDir);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    console.error(`bench: no bench named ${unknown.join(', ')}; known: ${known.join(', ')}`);
    process.exit(2);
  }
  const home = mkdtempSync(join(tmpdir(), 'assay-bench-home-'));
  process.on('exit', () => rmSync(home, { recursive: true, force: true }));
  const results = [];
  const started = performance.now();
  for (const name of names.length > 0 ? names : known) {
    // A module that does not even load (a syntax error) fails as its own row, like one that throws.
    const bench = await loadBench(benchDir, name).catch((err) => ({ name, run: () => Promise.reject(err) }));
    console.log(`== ${name}`);
    const benchStarted = performance.now();
    const rows = await runBench(bench, benchContext(name, root, home));
    results.push({ bench: name, rows });
    console.log(
      `${formatResultsTable([{ bench: name, rows }])}\n(${((performance.now() - benchStarted) / 1000).toFixed(0)} s)\n`,
    );
  }
  if (names.length === 0) results.push(...awaitedResults(known));
  const { met, missed, unmeasured } = targetSummary(results);
  const total = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `\n== All figures (${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}, Node ${process.version}, ${total} s)`,
  );
  console.log(formatResultsTable(results));
  console.log(`\nTargets: ${met} met, ${missed} not met, ${unmeasured} not measured.`);
  if (json) writeFileSync(json, `${JSON.stringify({ node: process.version, results }, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
