// The viewer's connection to the eval store: opened like every other reader (WAL, busy timeout,
// migrated, a newer store refused) and then switched to query_only, so nothing the viewer does
// can write while `assay eval` runs beside it. Also a small memo of computed answers, keyed by
// the store's last cell sequence number so new cells invalidate it.

import { openStore, type Db, type Store } from '../../store/open-store.js';
import { storePath } from '../../store/location.js';
import { scalar } from '../../store/sql.js';

export type { Db };

/** Which table holds an eval's final cells: `cells` itself when no cell has a second attempt (no correlated max per row). */
export type CellTable = 'cells' | 'latest_cells';

export interface ReadStore extends Store {
  /** The newest cell's sequence number in the whole store: changes whenever any cell is written. */
  version(): number;
  /** `compute()` once per key and store version (a bounded number of entries are kept). */
  memo<T>(key: string, compute: () => T): T;
  /** The table to read an eval's final cells from. */
  cellTable(evalId: string): CellTable;
}

const MEMO_ENTRIES = 64;

export function openReadStore(path = storePath()): ReadStore {
  const store = openStore(path, { mustExist: true });
  store.db.exec('PRAGMA query_only = ON');
  const maxSeq = store.db.prepare('SELECT coalesce(max(seq), 0) FROM cells');
  const evalsChanged = store.db.prepare('SELECT count(*), max(updated_at) FROM evals');
  // Distinct cells counted by grouping in the key index's own order (a cell id fixes its grid position).
  const attemptCounts = store.db.prepare(
    'SELECT coalesce(sum(n), 0), count(*) FROM (SELECT count(*) AS n FROM cells WHERE eval_id = ? GROUP BY test_idx, prompt_idx, cell_id)',
  );
  const entries = new Map<string, unknown>();

  const version = () => Number(scalar<number>(maxSeq) ?? 0);
  const memo = <T>(key: string, compute: () => T): T => {
    // Evals rows change without new cells (an eval ends, is deleted): they are part of the key too.
    const [count, updated] = evalsChanged.raw(true).get() as [number, string | null];
    const full = `${version()}|${count}|${updated}|${key}`;
    if (entries.has(full)) return entries.get(full) as T;
    const value = compute();
    if (entries.size >= MEMO_ENTRIES) entries.delete(entries.keys().next().value as string);
    entries.set(full, value);
    return value;
  };
  const cellTable = (evalId: string): CellTable =>
    memo(`table:${evalId}`, () => {
      const [rows, distinct] = attemptCounts.raw(true).get(evalId) as [number, number];
      return rows === distinct ? 'cells' : 'latest_cells';
    });
  return { ...store, version, memo, cellTable };
}
