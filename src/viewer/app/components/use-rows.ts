// Loads the eval page's rows page by page as the matrix scrolls to them, for the current filter.
// A filter change starts over; a live refresh re-fetches the loaded pages in place, so the rows on
// screen stay put while new cells arrive.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { RowFilter, ViewRow } from '../../contract.js';
import type { DataSource } from '../source.js';

export const ROWS_PAGE = 100;

export interface RowsState {
  total: number | undefined;
  error: string | undefined;
  /** The server's word on a filter it could not apply in full (e.g. a regex over a bounded number of cells). */
  note: string | undefined;
  /** The row at `index`, or undefined while its page loads (and asks for it). */
  row(index: number): ViewRow | undefined;
  /** Re-fetch every loaded page (live updates). */
  refresh(): void;
}

export function useRows(source: DataSource, evalId: string, filter: RowFilter): RowsState {
  const filterKey = JSON.stringify(filter);
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, ViewRow[]>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);

  const load = useCallback(
    (page: number) => {
      const gen = generation.current;
      loading.current.add(page);
      source.rows(evalId, JSON.parse(filterKey) as RowFilter, page * ROWS_PAGE, ROWS_PAGE).then(
        (result) => {
          if (gen !== generation.current) return;
          loading.current.delete(page);
          pages.current.set(page, result.rows);
          setTotal(result.total);
          setError(undefined);
          if (page === 0) setNote(result.note);
          setVersion((v) => v + 1);
        },
        (err: Error) => {
          if (gen !== generation.current) return;
          loading.current.delete(page);
          setError(err.message);
          setTotal(0);
        },
      );
    },
    [source, evalId, filterKey],
  );

  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    loading.current = new Set();
    setTotal(undefined);
    setError(undefined);
    setNote(undefined);
    load(0);
  }, [load]);

  const row = (index: number): ViewRow | undefined => {
    const page = Math.floor(index / ROWS_PAGE);
    const rows = pages.current.get(page);
    if (!rows && !loading.current.has(page)) {
      loading.current.add(page);
      queueMicrotask(() => load(page));
    }
    return rows?.[index - page * ROWS_PAGE];
  };

  const refresh = useCallback(() => {
    const loaded = [...pages.current.keys()];
    for (const page of loaded.length ? loaded : [0]) if (!loading.current.has(page)) load(page);
  }, [load]);

  return { total, error, note, row, refresh };
}
