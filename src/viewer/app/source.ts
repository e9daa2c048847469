// Where the app's data comes from: the server's JSON API (ApiSource) or the eval embedded in the
// static report (EmbeddedSource). Pages talk only to this interface, so one app serves both.

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

export interface DataSource {
  /** 'api' can list, compare and follow live evals; 'embedded' holds exactly one eval. */
  readonly kind: 'api' | 'embedded';
  listEvals(q: string, offset: number, limit: number): Promise<EvalListPage>;
  header(evalId: string): Promise<EvalHeader>;
  rows(evalId: string, filter: RowFilter, offset: number, limit: number): Promise<RowPage>;
  summary(evalId: string): Promise<EvalSummaryView>;
  /** Undefined when the cell's details were left out (a large report keeps only failures in full). */
  cell(evalId: string, cellId: string): Promise<CellDetail | undefined>;
  compare(baseline: string, candidate: string, offset: number, limit: number): Promise<ComparePage>;
  /** Calls `onProgress` while the eval runs and `onEnd` once it stops; returns the unsubscribe. */
  follow(evalId: string, onProgress: (progress: LiveProgress) => void, onEnd: () => void): () => void;
  /** Set when the data was cut to fit (the report's degraded mode): a note for the user. */
  readonly note?: string;
}

/** A failure the page shows as it is (a server's error message, a bad regex). */
export class SourceError extends Error {}
