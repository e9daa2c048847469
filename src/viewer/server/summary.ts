// The summary panel: per column pass/fail/error/skipped counts, a 10-bin score histogram and
// latency, cost and tokens, all aggregated in SQLite from the indexed cell columns (no bodies).

import type { ColumnSummary, EvalSummaryView } from '../contract.js';
import { evalColumns } from './eval-pages.js';
import type { ReadStore } from './read-store.js';

export function evalSummary(store: ReadStore, evalId: string): EvalSummaryView {
  return store.memo(`summary:${evalId}`, () => {
    const table = store.cellTable(evalId);
    const columns = new Map<number, ColumnSummary>();
    const columnOf = (promptIdx: number) => {
      let c = columns.get(promptIdx);
      if (!c) {
        c = { promptIdx, pass: 0, fail: 0, error: 0, skipped: 0, scoreHistogram: Array(10).fill(0) };
        columns.set(promptIdx, c);
      }
      return c;
    };
    evalColumns(store, evalId).forEach((_, i) => columnOf(i));
    const counts = store.db
      .prepare(
        `SELECT prompt_idx, status, count(*), sum(latency_ms), count(latency_ms), sum(cost), sum(tokens_total)
         FROM ${table} WHERE eval_id = ? GROUP BY prompt_idx, status`,
      )
      .raw(true)
      .all(evalId) as Array<[number, string, number, number | null, number, number | null, number | null]>;
    const latency = new Map<number, { sum: number; n: number }>();
    for (const [promptIdx, status, n, latencySum, latencyN, cost, tokens] of counts) {
      const c = columnOf(promptIdx);
      if (status === 'pass' || status === 'fail' || status === 'error' || status === 'skipped') c[status] += n;
      if (status === 'skipped') continue;
      const l = latency.get(promptIdx) ?? { sum: 0, n: 0 };
      l.sum += latencySum ?? 0;
      l.n += latencyN;
      latency.set(promptIdx, l);
      if (cost !== null) c.totalCost = (c.totalCost ?? 0) + cost;
      if (tokens !== null) c.totalTokens = (c.totalTokens ?? 0) + tokens;
    }
    for (const [promptIdx, l] of latency) if (l.n > 0) columnOf(promptIdx).avgLatencyMs = l.sum / l.n;
    // Scores outside [0, 1] (custom scorers) land in the end bins.
    const bins = store.db
      .prepare(
        `SELECT prompt_idx, min(9, max(0, CAST(score * 10 AS INTEGER))), count(*) FROM ${table}
         WHERE eval_id = ? AND score IS NOT NULL AND status != 'skipped' GROUP BY 1, 2`,
      )
      .raw(true)
      .all(evalId) as Array<[number, number, number]>;
    for (const [promptIdx, bin, n] of bins) columnOf(promptIdx).scoreHistogram[bin] += n;
    return { columns: [...columns.values()].sort((a, b) => a.promptIdx - b.promptIdx) };
  });
}
