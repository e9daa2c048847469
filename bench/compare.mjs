// Two builds side by side in one run, so a regression shows as a ratio rather than as a noisy
// absolute time on a shared machine:
//
//   node bench/compare.mjs <dirA> <dirB> [bench ...] [--rounds N] [--band F] [--json file]
//
// <dirA> and <dirB> are two checkouts, each built (each has its own dist/bin/main.js), e.g. main as
// A and a branch as B. Each named bench module (default: the issue 15 figures: startup,
// databricks, high-concurrency, large-suites, scale) runs against A, then B, then B, then A, ...
// for N rounds (default 2): interleaved, alternating which goes first, each build with its own
// throwaway store. It prints per figure the median of A, the median of B, and B/A as the median of
// the ratios of back-to-back pairs, with their range; `B WORSE` marks a figure whose median ratio
// is more than the band (default 0.1 = 10%) on the wrong side of 1 with every pair agreeing, and
// `noisy` one where some pair disagrees (run more rounds, or read the CPU-time rows, which a busy
// machine disturbs far less than wall time). For a lower-is-better figure B/A > 1 is a slowdown.
//
// The bench code itself (and the emulators it starts) come from the checkout this script is in,
// which must be built too; only the CLI under test (and the modules a bench imports through
// ctx.root) come from A and B. A baseline from main:
//   git archive main | tar -x -C /tmp/base && (cd /tmp/base && npm ci && npm run build)
//   node bench/compare.mjs /tmp/base . startup databricks
// Lines an older bench module only prints (no figures returned) are shown but not compared.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchNames, loadBench } from './lib/modules.mjs';
import { formatCompareTable, formatResultsTable } from './lib/table.mjs';
import { benchContext, runBench } from './run.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const DEFAULT_BENCHES = ['startup', 'databricks', 'high-concurrency', 'large-suites', 'scale'];
const USAGE =
  'usage: node bench/compare.mjs <dirA> <dirB> [bench ...] [--rounds N] [--band F] [--json file]\n' +
  '  <dirA>, <dirB>: two built checkouts (each with dist/bin/main.js)';

function parseArgs(argv) {
  const positional = [];
  const options = { rounds: 2, band: 0.1, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--rounds') options.rounds = Number(argv[++i]);
    else if (arg === '--band') options.band = Number(argv[++i]);
    else if (arg === '--json') options.json = argv[++i];
    else if (arg === '-h' || arg === '--help') return { help: true };
    else positional.push(arg);
  }
  const [dirA, dirB, ...names] = positional;
  return { dirA, dirB, names, ...options };
}

function fail(message) {
  console.error(`compare: ${message}\n${USAGE}`);
  process.exit(2);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) return console.log(USAGE);
  if (!args.dirA || !args.dirB) fail('give two checkouts to compare');
  if (!Number.isInteger(args.rounds) || args.rounds < 1) fail('--rounds must be a whole number of at least 1');
  if (!(args.band > 0)) fail('--band must be a positive fraction, e.g. 0.1');
  const builds = { A: resolve(args.dirA), B: resolve(args.dirB) };
  for (const [side, dir] of Object.entries(builds)) {
    if (!existsSync(join(dir, 'dist', 'bin', 'main.js')))
      fail(`${side} (${dir}) has no dist/bin/main.js: build it first`);
  }
  if (!existsSync(join(benchDir, '..', 'dist', 'emulator', 'index.js'))) {
    fail(`this checkout (${join(benchDir, '..')}) must be built too: the benches start its emulators`);
  }
  const known = benchNames(benchDir);
  const names = args.names.length > 0 ? args.names : DEFAULT_BENCHES.filter((name) => known.includes(name));
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) fail(`no bench named ${unknown.join(', ')}; known: ${known.join(', ')}`);

  const homes = {
    A: mkdtempSync(join(tmpdir(), 'assay-compare-A-')),
    B: mkdtempSync(join(tmpdir(), 'assay-compare-B-')),
  };
  process.on('exit', () => Object.values(homes).forEach((home) => rmSync(home, { recursive: true, force: true })));
  console.log(`A = ${builds.A}\nB = ${builds.B}\n${args.rounds} rounds, alternating which build goes first\n`);

  const figures = new Map();
  const record = (bench, side, round, rows) => {
    for (const row of rows) {
      if (typeof row.value !== 'number') continue;
      const key = `${bench}\u0000${row.name}`;
      if (!figures.has(key)) {
        figures.set(key, { bench, name: row.name, unit: row.unit, better: row.better, a: [], b: [] });
      }
      figures.get(key)[side === 'A' ? 'a' : 'b'][round] = row.value;
    }
  };
  for (const name of names) {
    // A module that does not even load (a syntax error) fails as its own row, like one that throws.
    const bench = await loadBench(benchDir, name).catch((err) => ({ name, run: () => Promise.reject(err) }));
    for (let round = 0; round < args.rounds; round++) {
      for (const side of round % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
        console.log(`== ${name}, round ${round + 1}, ${side}`);
        const rows = await runBench(bench, benchContext(`${name} ${side}`, builds[side], homes[side]));
        console.log(`${formatResultsTable([{ bench: name, rows }])}\n`);
        record(name, side, round, rows);
      }
    }
  }
  const list = [...figures.values()].map((f) => ({ ...f, a: [...f.a], b: [...f.b] }));
  console.log(
    `\n== B against A (${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}, ${args.rounds} rounds)\nA = ${builds.A}\nB = ${builds.B}`,
  );
  console.log(formatCompareTable(list, args.band));
  if (args.json)
    writeFileSync(args.json, `${JSON.stringify({ builds, rounds: args.rounds, figures: list }, null, 2)}\n`);
}

await main();
