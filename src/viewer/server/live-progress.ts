// One running eval's counts for the live stream, read cheaply enough to run several times a
// second at 100k cells: the evals row, and for a running eval a count per status over the
// (eval_id, status) index instead of the listing's count over every cell's latest attempt.

import { hostname } from 'node:os';
import type { LiveProgress } from '../contract.js';
import type { ReadStore } from './read-store.js';

type EvalRow = [string, number | null, string | null, number, number, number, number, number];

/** Whether the process that writes a 'running' eval is still alive (another host's cannot be checked). */
export function writerAlive(pid: number | null, host: string | null): boolean {
  if (!pid || (host && host !== hostname())) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The eval's progress, or undefined when it is not in the store (deleted). */
export function readProgress(store: ReadStore, evalId: string): LiveProgress | undefined {
  const row = store.db
    .prepare('SELECT status, pid, host, total_cells, successes, failures, errors, skipped FROM evals WHERE id = ?')
    .raw(true)
    .get(evalId) as EvalRow | undefined;
  if (!row) return undefined;
  const [status, pid, host, total, successes, failures, errors, skipped] = row;
  if (status !== 'running') {
    return {
      status: status as LiveProgress['status'],
      cells: successes + failures + errors,
      successes,
      failures,
      errors,
      skipped,
    };
  }
  const table = store.cellTable(evalId);
  const counts: Record<string, number> = { pass: 0, fail: 0, error: 0 };
  for (const [s, n] of store.db
    .prepare(`SELECT status, count(*) FROM ${table} WHERE eval_id = ? GROUP BY status`)
    .raw(true)
    .all(evalId) as Array<[string, number]>)
    counts[s] = n;
  const done = counts.pass! + counts.fail! + counts.error!;
  return {
    status: writerAlive(pid, host) ? 'running' : 'interrupted',
    cells: done,
    successes: counts.pass!,
    failures: counts.fail!,
    errors: counts.error!,
    skipped: Math.max(0, total - done),
  };
}
