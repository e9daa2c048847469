// Reads the query string of the viewer's API: the RowFilter names of contract.ts (the same names
// the app keeps in its URL), paging and sort. A bad value is a 400 naming the parameter.

import type { RowFilter } from '../contract.js';
import { HttpError } from './http-guard.js';

export type RowSort = 'row' | 'score' | '-score' | 'latency' | '-latency' | 'cost' | '-cost';
const SORTS: RowSort[] = ['row', 'score', '-score', 'latency', '-latency', 'cost', '-cost'];
const SHOWS = ['all', 'failures', 'errors', 'passes', 'differs'] as const;

export const MAX_PAGE = 500;
/** Longest output text a row page carries per cell unless asked otherwise. */
export const DEFAULT_OUTPUT_CUT = 500;

export function intParam(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new HttpError(400, `${name} must be a whole number ≥ 0.`);
  return Math.min(value, max);
}

export function rowFilterFrom(params: URLSearchParams): RowFilter {
  const filter: RowFilter = {};
  const show = params.get('show');
  if (show) {
    if (!(SHOWS as readonly string[]).includes(show))
      throw new HttpError(400, `show must be one of ${SHOWS.join(', ')}; got "${show}".`);
    filter.show = show as RowFilter['show'];
  }
  const q = params.get('q');
  if (q) filter.q = q;
  const regex = params.get('regex');
  if (regex === '1' || regex === 'true') filter.regex = true;
  const metric = params.get('metric');
  if (metric) filter.metric = metric;
  const columns = params.get('columns');
  if (columns) {
    const list = columns.split(',').map((c) => Number(c.trim()));
    if (list.some((c) => !Number.isInteger(c) || c < 0))
      throw new HttpError(400, `columns must be a comma-separated list of column numbers; got "${columns}".`);
    filter.columns = list;
  }
  const meta = params.get('meta');
  if (meta) filter.meta = meta;
  return filter;
}

export function sortFrom(params: URLSearchParams): RowSort {
  const sort = params.get('sort') || 'row';
  if (!(SORTS as string[]).includes(sort)) throw new HttpError(400, `sort must be one of ${SORTS.join(', ')}.`);
  return sort as RowSort;
}
