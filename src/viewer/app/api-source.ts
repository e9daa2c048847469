// DataSource over the viewer server's JSON API (src/viewer/contract.ts names the endpoints).

import type {
  CellDetail,
  ComparePage,
  EvalHeader,
  EvalListPage,
  EvalSummaryView,
  LiveProgress,
  RowFilter,
  RowPage,
} from '../contract.js';
import { filterToParams } from './route.js';
import { type DataSource, SourceError } from './source.js';

export class ApiSource implements DataSource {
  readonly kind = 'api';

  listEvals(q: string, offset: number, limit: number): Promise<EvalListPage> {
    const params = new URLSearchParams({ offset: String(offset), limit: String(limit) });
    if (q) params.set('q', q);
    return getJson(`api/evals?${params}`);
  }

  header(evalId: string): Promise<EvalHeader> {
    return getJson(`api/evals/${encodeURIComponent(evalId)}`);
  }

  rows(evalId: string, filter: RowFilter, offset: number, limit: number): Promise<RowPage> {
    const params = filterToParams(filter, new URLSearchParams({ offset: String(offset), limit: String(limit) }));
    return getJson(`api/evals/${encodeURIComponent(evalId)}/rows?${params}`);
  }

  summary(evalId: string): Promise<EvalSummaryView> {
    return getJson(`api/evals/${encodeURIComponent(evalId)}/summary`);
  }

  cell(evalId: string, cellId: string): Promise<CellDetail | undefined> {
    return getJson(`api/evals/${encodeURIComponent(evalId)}/cells/${encodeURIComponent(cellId)}`);
  }

  compare(baseline: string, candidate: string, offset: number, limit: number): Promise<ComparePage> {
    const params = new URLSearchParams({ baseline, candidate, offset: String(offset), limit: String(limit) });
    return getJson(`api/compare?${params}`);
  }

  follow(evalId: string, onProgress: (progress: LiveProgress) => void, onEnd: () => void): () => void {
    const events = new EventSource(`api/evals/${encodeURIComponent(evalId)}/events`);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      events.close();
      onEnd();
    };
    events.addEventListener('progress', (event) => {
      try {
        onProgress(JSON.parse((event as MessageEvent<string>).data) as LiveProgress);
      } catch {
        // A malformed event is skipped; the next one carries the full counts again.
      }
    });
    events.addEventListener('end', end);
    return () => {
      ended = true;
      events.close();
    };
  }
}

/** Relative URLs, so the app works wherever the server mounts it. */
async function getJson<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch {
    throw new SourceError('The viewer server cannot be reached. Is `assay view` still running?');
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: unknown };
      if (typeof body.error === 'string') message = body.error;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new SourceError(message);
  }
  return (await response.json()) as T;
}
