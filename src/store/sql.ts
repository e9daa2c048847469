// Small query helpers over libsql. Its statements' pluck() is ignored by get() and iterate()
// (libsql 0.5), so single values are read through raw() rows instead.

import type { Db } from './open-store.js';

type Statement = ReturnType<Db['prepare']>;

/** The first column of the first row, or undefined. */
export function scalar<T>(statement: Statement, ...params: unknown[]): T | undefined {
  const row = statement.raw(true).get(...params) as unknown[] | undefined;
  return row?.[0] as T | undefined;
}

/** The first column of every row. */
export function column<T>(statement: Statement, ...params: unknown[]): T[] {
  return (statement.raw(true).all(...params) as unknown[][]).map((row) => row[0] as T);
}

/** Rows as arrays, one at a time (the whole result is never in memory). */
export function iterateRows<T extends unknown[]>(statement: Statement, ...params: unknown[]): Iterable<T> {
  return statement.raw(true).iterate(...params) as Iterable<T>;
}
