// The shard file (`*.assay`): gzip-compressed JSON lines. Line 1 is the header (format name and
// version, Assay version, suite hash, shard i/n, start time, the run's start info); then one line
// per finished cell ("result" or "skipped"), in completion order; the last line is the end record
// (summary, end time, cell count). A file without its end record is incomplete: the run that wrote
// it died or is still running. Version rules: a reader accepts its own major version only.

import type { EvalResult, RunStartInfo, RunSummary, SkippedCell } from '../results/types.js';

export const SHARD_FORMAT = 'assay-shard';
export const SHARD_FORMAT_VERSION = 1;
export const SHARD_EXTENSION = '.assay';

/** RunStartInfo without its function (`expectedCells`): merge recounts rows from the cells. */
export type ShardStartInfo = Omit<RunStartInfo, 'expectedCells' | 'shard'>;

export interface ShardHeader {
  type: 'header';
  format: typeof SHARD_FORMAT;
  version: number;
  assayVersion: string;
  suiteHash: string;
  shard: { index: number; total: number };
  /** Cells and rows of the whole suite, so merge can tell whether the shards cover it. */
  suiteCells: number;
  suiteRows: number;
  startedAt: string;
  info: ShardStartInfo;
}

export interface ShardEnd {
  type: 'end';
  endedAt: string;
  /** Cells recorded in this file (results + skipped). */
  cells: number;
  summary: RunSummary;
}

export type ShardRecord =
  | ShardHeader
  | { type: 'result'; result: EvalResult }
  | { type: 'skipped'; cell: SkippedCell }
  | ShardEnd;
