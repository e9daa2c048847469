// The cells of a stored eval as compare needs them, read from the cells' own columns (the prompt label
// from the start info) in one query instead of decoding every body: a 100k-vs-100k comparison in seconds.
// Stored cells always have ids, so they are matched by id exactly as `assay compare` does.

import type { CompareCell, EvalCells } from '../../store/eval-source.js';
import { getListing } from '../../store/queries.js';
import { iterateRows } from '../../store/sql.js';
import { evalColumns } from './eval-pages.js';
import type { ReadStore } from './read-store.js';

export function storedCompareCells(store: ReadStore, evalId: string): EvalCells {
  const table = store.cellTable(evalId);
  const cells = new Map<string, CompareCell>();
  const rows = iterateRows<
    [
      string,
      CompareCell['status'],
      number | null,
      number | null,
      number | null,
      string | null,
      string | null,
      number,
      string | null,
      number,
    ]
  >(
    store.db.prepare(
      `SELECT cell_id, status, score, latency_ms, cost, provider, description, prompt_idx, error_message, test_idx
       FROM ${table} WHERE eval_id = ?`,
    ),
    evalId,
  );
  // A column's prompt label is in the eval's start info: no body is read.
  const labels = evalColumns(store, evalId).map((c) => c.promptLabel);
  for (const [cellId, status, score, latencyMs, cost, provider, description, promptIdx, error, testIdx] of rows) {
    cells.set(cellId, {
      key: cellId,
      // Never used for matching here (every stored cell has an id); distinct from the key on purpose.
      contentKey: `id:${cellId}`,
      provider: provider ?? 'unknown',
      prompt: labels[promptIdx] ?? '',
      description: description ?? undefined,
      vars: '',
      status,
      score: status === 'skipped' ? 0 : (score ?? 0),
      latencyMs: latencyMs ?? 0,
      cost: cost ?? 0,
      error: error ?? undefined,
      position: [testIdx, promptIdx],
    });
  }
  const listing = getListing(store.db, evalId);
  return {
    id: evalId,
    label: `${evalId}${listing.description ? ` (${listing.description})` : ''}`,
    cells,
    hasCellIds: true,
  };
}
