// promptfoo's `derivedMetrics`: named scores computed from other named scores after each row,
// e.g. `{ name: f1, value: '2 * precision * recall / (precision + recall)' }`. An expression may
// use the named scores, `__count` (rows so far in the column) and the usual math functions
// (max, min, abs, sqrt, pow, log, exp, round, floor, ceil); a JavaScript function
// `(namedScores, context) => number` works too (library use).

import { ConfigError } from '../errors.js';

export type DerivedMetricFunction = (scores: Record<string, number>) => number;

export interface DerivedMetric {
  name: string;
  evaluate: DerivedMetricFunction;
}

const MATH: Record<string, unknown> = Object.fromEntries(
  ['max', 'min', 'abs', 'sqrt', 'pow', 'log', 'log2', 'log10', 'exp', 'round', 'floor', 'ceil'].map((fn) => [
    fn,
    Math[fn as keyof Math],
  ]),
);

/** Compiles the config's list; a malformed entry is a ConfigError naming its key path. */
export function compileDerivedMetrics(raw: unknown, file: string | undefined): DerivedMetric[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw))
    throw new ConfigError('must be a list of { name, value }', { file, keyPath: 'derivedMetrics' });
  return raw.map((entry, i) => {
    const keyPath = `derivedMetrics[${i}]`;
    const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || !name) throw new ConfigError('needs a `name`', { file, keyPath });
    if (typeof value === 'function')
      return { name, evaluate: (scores) => Number((value as (s: unknown) => unknown)(scores)) };
    if (typeof value !== 'string')
      throw new ConfigError('`value` must be an expression or a function', { file, keyPath: `${keyPath}.value` });
    return { name, evaluate: compileExpression(value, file, `${keyPath}.value`) };
  });
}

function compileExpression(expression: string, file: string | undefined, keyPath: string): DerivedMetricFunction {
  let body: (scope: object) => unknown;
  try {
    // `with` resolves every name through the scope proxy: named scores, then math functions.
    body = new Function('scope', `with (scope) { return (${expression}); }`) as (scope: object) => unknown;
  } catch (err) {
    throw new ConfigError(`invalid expression "${expression}": ${(err as Error).message}`, { file, keyPath });
  }
  return (scores) => {
    const scope = new Proxy(
      {},
      {
        has: (_target, key) => typeof key === 'string',
        get: (_target, key) => (typeof key !== 'string' ? undefined : key in scores ? scores[key] : (MATH[key] ?? 0)),
      },
    );
    return Number(body(scope));
  };
}

/** Applies the derived metrics in order; each sees the ones before it. Failures leave 0. */
export function applyDerivedMetrics(metrics: DerivedMetric[], namedScores: Record<string, number>, rows: number): void {
  for (const metric of metrics) {
    let value: number;
    try {
      value = metric.evaluate({ ...namedScores, __count: rows });
    } catch {
      value = 0;
    }
    namedScores[metric.name] = Number.isFinite(value) ? value : 0;
  }
}
