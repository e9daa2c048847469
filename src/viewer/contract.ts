// The viewer's data contract: the JSON the read-only server answers and the browser app reads.
// The static HTML report embeds the same shapes, so one app works over HTTP and from file://.
// Type-only: the server (src/viewer/server) and the app (src/viewer/app) both import it.

import type { EvalResult, SkippedCell } from '../results/types.js';
import type { EvalListing } from '../store/queries.js';

export type { EvalListing };

/** Final state of a cell, as the matrix shows it. */
export type CellStatus = 'pass' | 'fail' | 'error' | 'skipped';

/** GET /api/evals?q=&limit=&offset= — newest first; `q` matches id or description. */
export interface EvalListPage {
  total: number;
  evals: EvalListing[];
}

/** One column of the matrix: a (prompt, provider) pair, in promptIdx order. */
export interface ViewColumn {
  promptIdx: number;
  promptLabel: string;
  promptRaw: string;
  provider: string;
  providerLabel?: string;
}

/** GET /api/evals/:id — everything the eval page needs before it asks for rows. */
export interface EvalHeader {
  listing: EvalListing;
  columns: ViewColumn[];
  varNames: string[];
  /** Rows (test × repeat × var combination) in the eval. */
  totalRows: number;
  /** Named metrics seen in the eval, for the metric filter. */
  metricNames: string[];
  /** Metadata keys seen on tests, for the metadata filter. */
  metadataKeys: string[];
}

/**
 * The filter state of the eval page. It lives in the URL's query string under these names, and
 * the server's /rows endpoint takes the same names, so a link reopens the same view.
 */
export interface RowFilter {
  /** Rows with at least one cell of this outcome; `differs`: rows whose cells' outcomes are not all equal. */
  show?: 'all' | 'failures' | 'errors' | 'passes' | 'differs';
  /** Free text, matched case-insensitively against vars, description and outputs. */
  q?: string;
  /** Treat `q` as a regular expression. */
  regex?: boolean;
  /** Only rows whose cells carry this named metric. */
  metric?: string;
  /** Only these columns (promptIdx list); the others are hidden from cells and filters. */
  columns?: number[];
  /** Metadata filter as `key=value`. */
  meta?: string;
}

/** A cell as the matrix shows it: enough to draw the grid, with the output cut for size. */
export interface CellSummary {
  cellId: string;
  promptIdx: number;
  testIdx: number;
  status: CellStatus;
  score?: number;
  /** The output as text, cut to `outputCut` characters (`outputTruncated` says whether it was). */
  output: string;
  outputTruncated: boolean;
  /** Reasons of the failed assertions (or the error message), for a one-glance tooltip. */
  failureReasons: string[];
  latencyMs?: number;
  cost?: number;
  tokensTotal?: number;
  errorKind?: string;
  attempts: number;
  namedScores: Record<string, number>;
}

/** One row of the matrix: one test × repeat × var combination, its cells in column order. */
export interface ViewRow {
  testIdx: number;
  description?: string;
  vars: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  /** Indexed by promptIdx; null where this row has no cell in that column. */
  cells: (CellSummary | null)[];
}

/** GET /api/evals/:id/rows?offset=&limit=&sort=&<RowFilter> */
export interface RowPage {
  /** Rows matching the filter. */
  total: number;
  offset: number;
  rows: ViewRow[];
  /** Set when a filter could not be applied in full (a regex search reads a bounded number of cells); say it to the user. */
  note?: string;
}

/** GET /api/evals/:id/cells/:cellId — the whole cell: every attempt, newest last. */
export interface CellDetail {
  cellId: string;
  status: CellStatus;
  /** The final state: the full stored result (rendered prompt, output, grading, tokens, cost…). */
  final: { kind: 'result'; result: EvalResult } | { kind: 'skipped'; cell: SkippedCell };
  /** Earlier attempts (after --retry-errors or --resume), oldest first. */
  earlier: Array<{ attempt: number; status: CellStatus; errorMessage?: string; latencyMs?: number }>;
}

/** Per-column statistics for the summary panel. */
export interface ColumnSummary {
  promptIdx: number;
  pass: number;
  fail: number;
  error: number;
  skipped: number;
  /** Scores bucketed into 10 bins over [0, 1]. */
  scoreHistogram: number[];
  avgLatencyMs?: number;
  totalCost?: number;
  totalTokens?: number;
}

/** GET /api/evals/:id/summary */
export interface EvalSummaryView {
  columns: ColumnSummary[];
}

/**
 * GET /api/evals/:id/events — server-sent events while the eval runs:
 * `event: progress` with this data whenever cells were added, `event: end` when the eval is no
 * longer running. A client refetches the page it shows on `progress`.
 */
export interface LiveProgress {
  status: EvalListing['status'];
  cells: number;
  successes: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** One matched cell of a comparison, with both outputs for the side-by-side view. */
export interface ComparedCell {
  cellId: string;
  change: 'regression' | 'improvement' | 'added' | 'removed' | 'unchanged';
  /** Finer kind for changed cells: pass-to-fail, new-error, score-drop, fail-to-pass, error-fixed, score-rise. */
  kind?: string;
  description?: string;
  vars: Record<string, unknown>;
  provider: string;
  promptLabel: string;
  baseline?: { status: CellStatus; score?: number; output: string };
  candidate?: { status: CellStatus; score?: number; output: string };
}

/** GET /api/compare?baseline=&candidate=&offset=&limit= — regressions first, then improvements, added, removed. */
export interface ComparePage {
  baseline: EvalListing;
  candidate: EvalListing;
  counts: Record<ComparedCell['change'], number>;
  /** Per column (provider × prompt) pass rate before and after. */
  columns: Array<{ provider: string; promptLabel: string; baselinePassRate: number; candidatePassRate: number }>;
  total: number;
  cells: ComparedCell[];
}

/**
 * What the static HTML report embeds (gzip, then base64, in a <script type="application/octet-stream">):
 * the same shapes, filtered and paged in the browser instead of in SQLite.
 */
export interface EmbeddedEval {
  kind: 'eval';
  header: EvalHeader;
  summary: EvalSummaryView;
  rows: ViewRow[];
  /** Full details by cellId; a large eval keeps details only for failures and errors. */
  details: Record<string, CellDetail>;
  /** Set when the report was cut to fit (passes summarised): says what was left out and points at `assay view`. */
  degradedNote?: string;
}
