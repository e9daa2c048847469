// Finds and loads the bench modules: every bench/*.mjs except the runner's own scripts is one,
// named after its file (bench/viewer.mjs is `viewer`). A module plugs in by exporting
//   export async function bench(ctx) -> [{ name, value, unit, target?, better?, strict?, note? }]
// where ctx = { runCli, runProcess, root, home, log, mb, toMB } (see bench/run.mjs). An older
// module that exports a default function still runs: if it returns rows they are used, otherwise
// the lines it printed are shown in the table as text, without a verdict.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Issue 15's figures first, then the rest in a fixed order, then any new module alphabetically. */
const ORDER = [
  'startup',
  'databricks',
  'high-concurrency',
  'large-suites',
  'scale',
  'websocket',
  'python',
  'call-policy',
  'shard',
  'store',
  'viewer',
  'report-size',
];
const NOT_BENCHES = new Set(['run', 'compare', 'generate-suite', 'viewer-data']);
const LEGACY_LINE = 60;

export function benchNames(benchDir) {
  const names = readdirSync(benchDir)
    .filter((file) => file.endsWith('.mjs'))
    .map((file) => file.slice(0, -'.mjs'.length))
    .filter((name) => !NOT_BENCHES.has(name));
  const rank = (name) => {
    const exact = ORDER.indexOf(name);
    if (exact !== -1) return exact;
    // viewer-*.mjs files sort with `viewer`.
    const family = ORDER.findIndex((known) => name.startsWith(`${known}-`));
    return family === -1 ? ORDER.length : family + 0.5;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Figures other helpers' modules will report (issue 13): while no module of that family exists,
 * a full run shows them as not measured, so the table has their place and targets from the start.
 */
const AWAITED = [
  {
    family: 'viewer',
    rows: [
      { name: '100,000-cell eval: first screen in Chromium', unit: 's', target: 2, strict: true },
      { name: '100,000-cell eval: server peak RSS', unit: 'MB', target: 300, strict: true },
    ],
  },
  { family: 'report-size', rows: [{ name: 'static HTML report, 10,000 cells: size', unit: 'MB' }] },
];

/** Placeholder results for awaited figures whose module is not in `names`. */
export function awaitedResults(names) {
  return AWAITED.filter(({ family }) => !names.some((name) => name === family || name.startsWith(`${family}-`))).map(
    ({ family, rows }) => ({
      bench: family,
      rows: rows.map((row) => ({ ...row, value: null, note: `not measured: no bench/${family}*.mjs yet` })),
    }),
  );
}

/**
 * Turns a printed line into a table row: the line (cut to fit) as the figure, whole in the note.
 * Runs of spaces are closed up, and a leading bench name (`store      …`) dropped: the table has a
 * column for it.
 */
function printedRow(line, name) {
  const text = line
    .trim()
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`^${name} `), '');
  if (text.length <= LEGACY_LINE) return { name: text, value: undefined };
  return { name: `${text.slice(0, LEGACY_LINE - 1)}…`, value: undefined, note: text };
}

/**
 * Loads one bench module: { name, run(ctx) -> rows }. Rows without a numeric value (the printed
 * lines of an older module) are shown but cannot be compared by bench/compare.mjs.
 */
export async function loadBench(benchDir, name) {
  const mod = await import(pathToFileURL(join(benchDir, `${name}.mjs`)).href);
  if (typeof mod.bench === 'function') return { name, run: (ctx) => mod.bench(ctx) };
  if (typeof mod.default === 'function') {
    return {
      name,
      run: async (ctx) => {
        const printed = [];
        const original = console.log;
        console.log = (...parts) => {
          printed.push(parts.join(' '));
          original(...parts);
        };
        let returned;
        try {
          // The whole ctx, not only the { runCli, mb } older modules read.
          returned = await mod.default(ctx);
        } finally {
          console.log = original;
        }
        // A default export that returns rows is as good as a `bench` export.
        if (Array.isArray(returned) && returned.every((row) => row && typeof row.name === 'string')) return returned;
        return printed
          .flatMap((text) => text.split('\n'))
          .filter((line) => line.trim() !== '')
          .map((line) => printedRow(line, name));
      },
    };
  }
  throw new Error(`bench/${name}.mjs exports neither bench(ctx) nor a default function`);
}
