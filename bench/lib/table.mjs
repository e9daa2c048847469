// The figures a benchmark reports and how they are judged and printed: the verdict of a figure
// against its target (measure / target, met or not) and the one plain-text table `npm run bench`
// and `bench/compare.mjs` end with. Pure functions, no I/O, so they are unit-tested.
//
// A row, as a bench module returns it:
//   { name, value, unit, target?, better?: 'lower' | 'higher', strict?, note? }
// `value` null means the figure could not be measured (the note says why). `strict` makes the
// target exclusive ("under 0.18 s"); otherwise it is inclusive ("at most 1.3x").

/** How one row stands against its target: ratio = value / target, and whether the target is met. */
export function verdict(row) {
  if (row.target === undefined || row.target === null) return { ratio: undefined, met: undefined };
  if (row.value === null || row.value === undefined || Number.isNaN(row.value)) return { ratio: undefined, met: false };
  const ratio = row.target === 0 ? (row.value === 0 ? 1 : Infinity) : row.value / row.target;
  const higher = row.better === 'higher';
  let met;
  if (higher) met = row.strict ? row.value > row.target : row.value >= row.target;
  else met = row.strict ? row.value < row.target : row.value <= row.target;
  return { ratio, met };
}

const DECIMALS = { s: 2, ms: 0, MB: 1, KB: 0, x: 2, '%': 1 };

/** A figure in its unit, e.g. `0.45 s`, `573.2 MB`, `1.65x`, `2,000`. */
export function formatValue(value, unit = '') {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  let digits = DECIMALS[unit];
  if (digits === undefined) digits = Number.isInteger(value) ? 0 : 2;
  // Small times in ms keep decimals: 3.4 ms, not 3 ms; 0.057 ms, not 0.1 ms.
  if (unit === 'ms' && Math.abs(value) < 10) digits = Math.abs(value) < 1 && value !== 0 ? 3 : 1;
  const number = value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (unit === 'x' || unit === '%') return `${number}${unit}`;
  return unit ? `${number} ${unit}` : number;
}

/** The target as a reader says it: `< 0.18 s`, `<= 1.30x`, `>= 2.00x`. */
export function formatTarget(row) {
  if (row.target === undefined || row.target === null) return '';
  const sign = row.better === 'higher' ? (row.strict ? '>' : '>=') : row.strict ? '<' : '<=';
  return `${sign} ${formatValue(row.target, row.unit)}`;
}

/** Ratio and verdict columns for one row: ['0.85', 'met'], ['1.40', 'NOT MET'], ['', 'NOT MEASURED'] or ['', '']. */
export function verdictCells(row) {
  const { ratio, met } = verdict(row);
  if (met === undefined) return ['', ''];
  if (ratio === undefined) return ['', 'NOT MEASURED'];
  const shown = Number.isFinite(ratio) ? ratio.toFixed(2) : 'inf';
  return [shown, met ? 'met' : 'NOT MET'];
}

/** Pads cells into aligned columns; numeric-looking columns are right-aligned. */
export function alignColumns(header, lines, rightAligned = []) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((cells) => String(cells[i] ?? '').length)));
  const render = (cells) =>
    cells
      .map((cell, i) => {
        const text = String(cell ?? '');
        return rightAligned.includes(i) ? text.padStart(widths[i]) : text.padEnd(widths[i]);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [render(header), rule, ...lines.map(render)].join('\n');
}

/**
 * The table `npm run bench` ends with: one line per figure, grouped by bench, then the notes
 * (how each figure was taken) numbered below so the table stays narrow.
 * `results` is [{ bench, rows }].
 */
export function formatResultsTable(results) {
  const lines = [];
  const notes = [];
  for (const { bench, rows } of results) {
    for (const row of rows) {
      let name = row.name;
      if (row.note) {
        notes.push(row.note);
        name = `${name} [${notes.length}]`;
      }
      // A row without a value is text (a line an older bench printed), not a missing figure.
      const value = row.value === undefined ? '' : formatValue(row.value, row.unit);
      lines.push([bench, name, value, formatTarget(row), ...verdictCells(row)]);
    }
  }
  const table = alignColumns(['bench', 'figure', 'value', 'target', 'value/target', 'verdict'], lines, [2, 4]);
  const noteText = notes.map((note, i) => `[${i + 1}] ${note}`).join('\n');
  return noteText ? `${table}\n\n${noteText}` : table;
}

/** Counts of targets met, missed and not measured, for the summary line under the table. */
export function targetSummary(results) {
  let met = 0;
  let missed = 0;
  let unmeasured = 0;
  for (const { rows } of results) {
    for (const row of rows) {
      const { ratio, met: v } = verdict(row);
      if (v === true) met++;
      else if (v === false && ratio === undefined) unmeasured++;
      else if (v === false) missed++;
    }
  }
  return { met, missed, unmeasured };
}

export const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * B against A for one figure measured in several interleaved rounds: the median of the pairwise
 * ratios B_i / A_i (each pair ran back to back, so drift in the machine's speed cancels). It is
 * `B WORSE` (or `B better`) only when that median is beyond `band` (default 10%) on that side of 1
 * AND every pair agrees on the side; a median beyond the band that some pair contradicts is `noisy`
 * (run more rounds, or read the CPU-time rows). `better` says which way is good.
 */
export function compareFigure({ a, b, better = 'lower' }, band = 0.1) {
  const ratios = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] > 0 && Number.isFinite(b[i])) ratios.push(b[i] / a[i]);
  }
  const ratio = median(ratios);
  let change = 'n/a';
  if (!Number.isNaN(ratio)) {
    // Express everything as "B slower (worse for a lower-is-better figure) when above 1".
    const slower = better === 'higher' ? (r) => 1 / r : (r) => r;
    const m = slower(ratio);
    const all = ratios.map(slower);
    if (m > 1 + band) change = all.every((r) => r > 1) ? 'B WORSE' : 'noisy';
    else if (m < 1 / (1 + band)) change = all.every((r) => r < 1) ? 'B better' : 'noisy';
    else change = 'same';
  }
  const spread = ratios.length > 1 ? `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}` : '';
  return { a: median(a), b: median(b), ratio, spread, change };
}

/** The table `bench/compare.mjs` ends with. `figures` is [{ bench, name, unit, better, a: [], b: [] }]. */
export function formatCompareTable(figures, band = 0.1) {
  const lines = figures.map((figure) => {
    const c = compareFigure(figure, band);
    return [
      figure.bench,
      figure.name,
      formatValue(c.a, figure.unit),
      formatValue(c.b, figure.unit),
      Number.isNaN(c.ratio) ? 'n/a' : c.ratio.toFixed(2),
      c.spread,
      c.change,
    ];
  });
  return alignColumns(
    ['bench', 'figure', 'A', 'B', 'B/A', 'B/A range', `vs A (band ±${band * 100}%)`],
    lines,
    [2, 3, 4],
  );
}
