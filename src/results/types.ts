// The result model (one EvalResult per cell of the matrix), the run's events and the Sink
// contract every output format implements. Shapes follow promptfoo's v3 results.

import type { GradingResult } from '../assertions/types.js';
import type { FailureKind, ProviderResponse, TokenUsage } from '../providers/types.js';
import type { TestCase, Vars } from '../suite/types.js';

export const FailureReason = { NONE: 0, ASSERT: 1, ERROR: 2 } as const;
export type FailureReason = (typeof FailureReason)[keyof typeof FailureReason];

export interface EvalResult {
  id: string;
  /** Deterministic id of what the cell ran; the same cell in another run has the same id. */
  cellId?: string;
  /** How many times this cell was run in its eval (1, or more after --retry-errors). */
  attempts?: number;
  /** Column index: (provider, prompt) pair. */
  promptIdx: number;
  /** Row index: (test, repeat, var combination). */
  testIdx: number;
  repeatIndex: number;
  description?: string;
  testCase: TestCase;
  promptId: string;
  provider: { id: string; label?: string };
  prompt: { raw: string; label: string; config?: Record<string, unknown> };
  vars: Vars;
  response?: ProviderResponse;
  error?: string;
  failureReason: FailureReason;
  success: boolean;
  score: number;
  latencyMs: number;
  gradingResult?: GradingResult;
  namedScores: Record<string, number>;
  cost?: number;
  tokenUsage: TokenUsage;
  metadata?: Record<string, unknown>;
}

/** A column of the matrix with its running metrics. */
export interface CompletedPrompt {
  id: string;
  raw: string;
  label: string;
  provider: string;
  metrics: PromptMetrics;
}

export interface PromptMetrics {
  score: number;
  testPassCount: number;
  testFailCount: number;
  testErrorCount: number;
  assertPassCount: number;
  assertFailCount: number;
  totalLatencyMs: number;
  tokenUsage: TokenUsage;
  namedScores: Record<string, number>;
  namedScoresCount: Record<string, number>;
  cost: number;
}

export interface RunStats {
  successes: number;
  failures: number;
  errors: number;
  /** Cells the run never finished: stopped (Ctrl-C, SIGTERM, --max-eval-time) before they ran or while in flight. */
  skipped: number;
  /** Provider tokens. */
  tokenUsage: TokenUsage;
  /** Grader tokens (model-graded assertions), counted apart from the provider's. */
  graderTokenUsage: TokenUsage;
  durationMs: number;
}

export interface RunStartInfo {
  evalId: string;
  /** Hash of the planned cell ids: equal hashes plan the same cells. */
  suiteHash?: string;
  description?: string;
  timestamp: string;
  /** Columns, in promptIdx order. */
  prompts: CompletedPrompt[];
  /** Names of the vars across all tests, in first-seen order (table and CSV columns). */
  varNames: string[];
  /** Number of cells that will run. */
  totalCells: number;
  /** Number of rows (testIdx values). */
  totalRows: number;
  /**
   * How many cells row `testIdx` will get, when prompt/provider filters make rows uneven.
   * Row-ordered outputs (CSV, HTML, table) use it to emit a row as soon as it is complete;
   * without it they assume every row has one cell per column.
   */
  expectedCells?: (testIdx: number) => number;
  concurrency: number;
  /** The merged config with secrets redacted, for files that embed it. */
  config: Record<string, unknown>;
  /** Set when this run is one shard (`--shard i/n`): which one, and the whole suite's size. */
  shard?: ShardRunInfo;
}

export interface ShardRunInfo {
  index: number;
  total: number;
  /** Cells and rows of the whole suite (totalCells/totalRows count this shard's share). */
  suiteCells: number;
  suiteRows: number;
}

/** A cell of the matrix that has no result because the run stopped before it finished. */
export interface SkippedCell {
  promptIdx: number;
  testIdx: number;
  cellId?: string;
  repeatIndex: number;
  description?: string;
  provider: { id: string; label?: string };
  prompt: { raw: string; label: string };
  vars: Vars;
  /** Why the run stopped, e.g. "Evaluation exceeded max duration of 2000ms". */
  reason: string;
}

export interface RunSummary {
  evalId: string;
  timestamp: string;
  stats: RunStats;
  prompts: CompletedPrompt[];
  /** True when Ctrl-C or a global timeout stopped the run before every cell ran. */
  aborted: boolean;
  abortReason?: string;
  /** A merged eval (`assay merge`): each shard's run, for the JSON metadata. */
  shards?: { index: number; total: number; startedAt: string; durationMs: number; cells: number }[];
}

export type RunEvent =
  | { type: 'start'; info: RunStartInfo }
  /** `replayed`: a result taken from the store (resume, retry), not run now; the store does not write it again. */
  | { type: 'result'; result: EvalResult; replayed?: boolean }
  | { type: 'progress'; completed: number; total: number; errors: number; latest?: EvalResult }
  | { type: 'skipped'; cell: SkippedCell }
  | { type: 'end'; summary: RunSummary }
  | ({ type: 'waiting' } & WaitNotice);

/** A call is waiting before it is tried again (rate limit or retry); progress shows it so the run does not look hung. */
export interface WaitNotice {
  /** Provider label or id. */
  provider: string;
  /** The service's name for people ("Databricks", "WebSocket"). */
  service: string;
  reason: 'rate-limit' | 'retry';
  /** The failure kind that caused the wait (rate-limited, transient, connection). */
  kind: FailureKind;
  delayMs: number;
  /** 1-based number of the retry about to happen, and the most there will be. */
  retry: number;
  maxRetries: number;
}

/** An output format. Each hook is optional; results arrive one by one, in completion order. */
export interface Sink {
  onRunStart?(info: RunStartInfo): void | Promise<void>;
  onResult?(result: EvalResult): void | Promise<void>;
  /** Once per cell that never finished, after the last result and before onRunEnd. */
  onSkipped?(cell: SkippedCell): void | Promise<void>;
  onRunEnd?(summary: RunSummary): void | Promise<void>;
}
