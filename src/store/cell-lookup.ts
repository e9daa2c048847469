// Finding a stored cell by its id. The cells' key index is ordered by grid position first
// (eval_id, test_idx, prompt_idx, cell_id, attempt; schema version 2) so that a run's inserts
// append to it; a lookup by id therefore needs the cell's position too. Callers that have it (the
// writer, a result's earlier attempts) pass it; the rest find it here, from the key index alone
// (the scan reads no row, only the index).

import type { Db } from './open-store.js';

/** The WHERE clause that seeks one cell's attempts through the key index: eval, test, prompt, cell id. */
export const CELL_KEY = 'eval_id = ? AND test_idx = ? AND prompt_idx = ? AND cell_id = ?';

export type CellPosition = [testIdx: number, promptIdx: number];

/** One cell's grid position, by a scan of its eval's key entries (one lookup, e.g. a viewer click). */
export function findCellPosition(db: Db, evalId: string, cellId: string): CellPosition | undefined {
  return db
    .prepare('SELECT test_idx, prompt_idx FROM cells INDEXED BY cells_key WHERE eval_id = ? AND cell_id = ? LIMIT 1')
    .raw(true)
    .get(evalId, cellId) as CellPosition | undefined;
}

/**
 * For many lookups in one eval (resume, an export): every cell's position, read once from the
 * key index on first use (a 100,000-cell eval: one index scan and a map of ~6 MB).
 */
export function cellPositions(db: Db, evalId: string): (cellId: string) => CellPosition | undefined {
  let positions: Map<string, CellPosition> | undefined;
  return (cellId) => {
    if (!positions) {
      positions = new Map();
      const rows = db
        .prepare('SELECT cell_id, test_idx, prompt_idx FROM cells INDEXED BY cells_key WHERE eval_id = ?')
        .raw(true)
        .iterate(evalId) as Iterable<[string, number, number]>;
      for (const [id, testIdx, promptIdx] of rows) positions.set(id, [testIdx, promptIdx]);
    }
    return positions.get(cellId);
  };
}
