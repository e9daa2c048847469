// Effective run options: explicit CLI/library values, then the config's evaluateOptions, then
// defaults (concurrency 4, repeat 1, no delay, cache on, no step timeout), as promptfoo resolves them.

import { resolveMaxStoredTextBytes } from '../results/storable.js';
import { AssayError } from '../errors.js';
import { PROMPTFOO_ENV_ALIASES } from '../config/env-aliases.js';
import type { EvaluateOptions } from '../suite/types.js';
import type { EvalResult } from '../results/types.js';
import type { ShardSpec } from './shard-selection.js';

export interface RunOptions {
  maxConcurrency: number;
  repeat: number;
  delayMs: number;
  cache: boolean;
  /** Per-step timeout; 0 = none. */
  timeoutMs: number;
  /** Whole-run timeout; 0 = none. */
  maxEvalTimeMs: number;
  /** Longest stored text (prompt, output, var) in bytes; longer text is cut with a marker. */
  maxStoredTextBytes: number;
  cacheDir?: string;
  /** Default grader (`--grader`). */
  grader?: string;
  /** First Ctrl-C: stop starting new cells; cells in flight finish. */
  stopSignal?: AbortSignal;
  /** Second Ctrl-C or library abort: cancel cells in flight too. */
  cancelSignal?: AbortSignal;
  /** Reuse this eval id (resume, retry-errors) instead of making a new one. */
  evalId?: string;
  /** Results already stored for this eval: these cells are reported as they are, not run again. */
  prior?: PriorResults;
  /** --shard i/n: run only this share of the cells (src/runner/shard-selection.ts). */
  shard?: ShardSpec;
}

export interface PriorResults {
  /** True for a cell this run must not run (it has a result, or it is left as it was). */
  has(cellId: string): boolean;
  /** Its stored result, reported as is; undefined for a cell left unrun (reported as skipped). */
  get(cellId: string): EvalResult | undefined;
}

export const DEFAULT_MAX_CONCURRENCY = 4;

export function resolveRunOptions(explicit: Partial<RunOptions>, fromConfig: EvaluateOptions): RunOptions {
  const envTimeout = envNumber('ASSAY_EVAL_TIMEOUT_MS') ?? 0;
  const delayMs = explicit.delayMs ?? fromConfig.delay ?? envNumber('ASSAY_DELAY_MS') ?? 0;
  const cacheOff = /^(false|0|no|off)$/i.test(process.env.ASSAY_CACHE_ENABLED ?? '');
  return {
    ...explicit,
    // A delay between calls only means something when calls run one at a time.
    maxConcurrency:
      delayMs > 0
        ? 1
        : Math.max(
            1,
            explicit.maxConcurrency ??
              fromConfig.maxConcurrency ??
              envNumber('ASSAY_MAX_CONCURRENCY') ??
              DEFAULT_MAX_CONCURRENCY,
          ),
    repeat: Math.max(1, explicit.repeat ?? fromConfig.repeat ?? 1),
    delayMs,
    cache: !cacheOff && (explicit.cache ?? fromConfig.cache ?? true),
    timeoutMs: explicit.timeoutMs ?? fromConfig.timeoutMs ?? envTimeout,
    maxEvalTimeMs: explicit.maxEvalTimeMs ?? fromConfig.maxEvalTimeMs ?? envNumber('ASSAY_MAX_EVAL_TIME_MS') ?? 0,
    maxStoredTextBytes: resolveMaxStoredTextBytes(explicit.maxStoredTextBytes ?? fromConfig.maxStoredTextBytes),
  };
}

/** A non-negative number from the environment (PROMPTFOO_* aliases applied at start-up); else undefined. */
function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new AssayError(
      'USAGE',
      `${name}${PROMPTFOO_ENV_ALIASES[name] ? ` (or ${PROMPTFOO_ENV_ALIASES[name]})` : ''} must be a number of at least 0, got "${raw}"`,
    );
  return value;
}
