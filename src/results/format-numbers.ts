// How numbers read in every output a person sees (console summary, progress, table, HTML report):
// one formatter per kind, so a duration, a percentage or a token count looks the same everywhere.

/** `1,234,567`. Plain grouping: toLocaleString would load ICU data (~15 ms) on every CLI run. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const [whole = '0', fraction] = String(n).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/**
 * `62.50%` of `total`; `digits` 0 floors (a progress bar must not read 100% before the end).
 * `0.00%` when there is nothing to divide by.
 */
export function formatPercent(part: number, total: number, digits = 2): string {
  if (total <= 0) return `${(0).toFixed(digits)}%`;
  const pct = (part / total) * 100;
  if (digits === 0) return `${Math.min(100, Math.floor(pct))}%`;
  return `${pct.toFixed(digits)}%`;
}

/** `450ms`, `12.3s`, `2m 5s`, `1h 2m 3s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0ms';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return wholeSeconds(ms);
}

/** A time still to wait, in whole seconds: `<1s`, `12s`, `2m 5s`. */
export function formatRemaining(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return '<1s';
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  return wholeSeconds(ms);
}

/** Cells (or requests) per second: `120`, `3.5`. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0';
  return perSecond >= 10 ? formatCount(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** `1 error`, `2 errors`, with the count grouped. */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : pluralNoun}`;
}

function wholeSeconds(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}
