// Hash routes of the viewer and the eval page's filter state in them, so a link reopens the same
// view: #/ (eval list), #/eval/<id>?show=failures&q=…&cell=…, #/compare?baseline=A&candidate=B.
// Pure: no DOM, unit-tested in test/viewer/app.

import type { RowFilter } from '../contract.js';

export type Route =
  | { page: 'list'; q?: string }
  | { page: 'eval'; id: string; filter: RowFilter; cell?: string }
  | { page: 'compare'; baseline?: string; candidate?: string };

const SHOW_VALUES: ReadonlyArray<NonNullable<RowFilter['show']>> = ['all', 'failures', 'errors', 'passes', 'differs'];

/** RowFilter → query parameters, under the contract's names; defaults are left out so links stay short. */
export function filterToParams(filter: RowFilter, params = new URLSearchParams()): URLSearchParams {
  if (filter.show && filter.show !== 'all') params.set('show', filter.show);
  if (filter.q) params.set('q', filter.q);
  if (filter.regex) params.set('regex', '1');
  if (filter.metric) params.set('metric', filter.metric);
  if (filter.columns) params.set('columns', filter.columns.join(','));
  if (filter.meta) params.set('meta', filter.meta);
  return params;
}

/** Query parameters → RowFilter; unknown or malformed values are dropped, never thrown on. */
export function paramsToFilter(params: URLSearchParams): RowFilter {
  const filter: RowFilter = {};
  const show = params.get('show');
  if (show && (SHOW_VALUES as string[]).includes(show)) filter.show = show as RowFilter['show'];
  const q = params.get('q');
  if (q) filter.q = q;
  const regex = params.get('regex');
  if (regex === '1' || regex === 'true') filter.regex = true;
  const metric = params.get('metric');
  if (metric) filter.metric = metric;
  const columns = params.get('columns');
  if (columns !== null) {
    filter.columns = columns
      .split(',')
      .filter((part) => /^\d+$/.test(part))
      .map(Number);
  }
  const meta = params.get('meta');
  if (meta) filter.meta = meta;
  return filter;
}

/** Reads a location hash ("#/eval/abc?show=failures"); anything unknown opens the eval list. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const queryAt = raw.indexOf('?');
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  const params = new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1));
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'eval' && parts[1]) {
    const route: Route = { page: 'eval', id: parts[1], filter: paramsToFilter(params) };
    const cell = params.get('cell');
    if (cell) route.cell = cell;
    return route;
  }
  if (parts[0] === 'compare') {
    return {
      page: 'compare',
      baseline: params.get('baseline') ?? parts[1] ?? undefined,
      candidate: params.get('candidate') ?? parts[2] ?? undefined,
    };
  }
  const q = params.get('q');
  return q ? { page: 'list', q } : { page: 'list' };
}

/** Route → location hash; parseHash(formatHash(r)) gives r back. */
export function formatHash(route: Route): string {
  if (route.page === 'eval') {
    const params = filterToParams(route.filter);
    if (route.cell) params.set('cell', route.cell);
    const query = params.toString();
    return `#/eval/${encodeURIComponent(route.id)}${query ? `?${query}` : ''}`;
  }
  if (route.page === 'compare') {
    const params = new URLSearchParams();
    if (route.baseline) params.set('baseline', route.baseline);
    if (route.candidate) params.set('candidate', route.candidate);
    const query = params.toString();
    return `#/compare${query ? `?${query}` : ''}`;
  }
  return route.q ? `#/?${new URLSearchParams({ q: route.q })}` : '#/';
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
