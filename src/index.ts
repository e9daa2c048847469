// The library API: `evaluate(suite, options)` runs the same engine as the CLI on a suite object
// (prompts may be functions, providers may be objects with functions) and returns the results.

import { applyPromptfooEnvAliases } from './config/env-aliases.js';
import { checkOutputPaths } from './results/sinks/check-output-paths.js';
import { createFileSink } from './results/sinks/index.js';
import type { CompletedPrompt, EvalResult, RunStats, RunSummary } from './results/types.js';
import { sinkListener, type RunListener } from './runner/events.js';
import { resolveRunOptions } from './runner/options.js';
import { runEval } from './runner/run-eval.js';
import { attachStore } from './store/run-store.js';
import { validateShard } from './runner/shard-selection.js';
import { suiteFromObject, type SuiteInput } from './suite/suite-from-object.js';
import type { EvaluateOptions as SuiteEvaluateOptions } from './suite/types.js';

/** The config's `evaluateOptions` (concurrency, repeat, delay, cache, timeouts) plus library-only hooks. */
export interface EvaluateOptions extends Omit<SuiteEvaluateOptions, 'showProgressBar'> {
  /** Folder that relative file:// paths resolve against (default: the current folder). */
  basePath?: string;
  /** Called after each cell with (completed, total). */
  progressCallback?: (completed: number, total: number, result: EvalResult) => void;
  /** Aborting cancels cells in flight; what completed is still returned. */
  abortSignal?: AbortSignal;
  /** Default grader for model-graded assertions. */
  grader?: string;
  /** Continue an interrupted stored eval: `true` = the latest of this suite, or an eval id. */
  resume?: string | boolean;
  /** Re-run only the errored cells of a stored eval: `true` = the latest of this suite, or an eval id. */
  retryErrors?: string | boolean;
  /** Run only shard `index` of `total` (1-based, as `--shard i/n`); write it to a `.assay` file and merge with mergeShards. */
  shard?: { index: number; total: number };
}

export interface EvaluateResult {
  evalId: string;
  /** Every cell, ordered by row (testIdx) then column (promptIdx). */
  results: EvalResult[];
  stats: RunStats;
  prompts: CompletedPrompt[];
  aborted: boolean;
}

export async function evaluate(suiteInput: SuiteInput, options: EvaluateOptions = {}): Promise<EvaluateResult> {
  applyPromptfooEnvAliases();
  const suite = await suiteFromObject(suiteInput, options.basePath ?? process.cwd());
  const runOptions = resolveRunOptions(
    {
      maxConcurrency: options.maxConcurrency,
      repeat: options.repeat,
      delayMs: options.delay,
      cache: options.cache,
      timeoutMs: options.timeoutMs,
      maxEvalTimeMs: options.maxEvalTimeMs,
      maxStoredTextBytes: options.maxStoredTextBytes,
      grader: options.grader,
      cancelSignal: options.abortSignal,
      shard: options.shard ? validateShard(options.shard) : undefined,
    },
    suite.evaluateOptions,
  );
  // Bad output paths are found before the store is opened, so nothing is left open on that error.
  await checkOutputPaths(suite.outputPath);
  const store = attachStore(suite, {
    write: options.write !== false && suite.evaluateOptions.write !== false,
    resume: options.resume,
    retryErrors: options.retryErrors,
    repeat: runOptions.repeat,
    warn: (message) => process.emitWarning(message),
  });
  runOptions.evalId = store.evalId;
  runOptions.prior = store.prior;
  const results: EvalResult[] = [];
  const listeners: RunListener[] = store.withStore([
    (event) => {
      if (event.type === 'result') results.push(event.result);
      if (event.type === 'progress' && event.latest)
        options.progressCallback?.(event.completed, event.total, event.latest);
    },
    ...suite.outputPath.map((path) => sinkListener(createFileSink(path))),
  ]);
  let summary: RunSummary;
  try {
    summary = await runEval(suite, runOptions, listeners);
  } finally {
    store.close();
  }
  results.sort((a, b) => a.testIdx - b.testIdx || a.promptIdx - b.promptIdx);
  return { evalId: summary.evalId, results, stats: summary.stats, prompts: summary.prompts, aborted: summary.aborted };
}

export { createProvider as loadProvider } from './providers/registry.js';
export { loadSuite } from './suite/load-suite.js';
export { suiteFromObject } from './suite/suite-from-object.js';
export type { SuiteInput } from './suite/suite-from-object.js';
export type {
  CallContext,
  EmbeddingResponse,
  Provider,
  ProviderOptions,
  ProviderResponse,
  TokenUsage,
} from './providers/types.js';
export type { CallPolicy, FailureKind, ProviderFailure } from './providers/types.js';
export type { AssertionDef, Prompt, Suite, TestCase, Vars } from './suite/types.js';
export type { GradingResult } from './assertions/types.js';
export type { CompletedPrompt, EvalResult, RunStats, RunSummary } from './results/types.js';
export { AssayError, ConfigError, ProviderError } from './errors.js';
export { mergeShards, type MergeShardsOptions, type MergeShardsResult } from './shard/merge-shards.js';
export { compareEvals, getEval, listEvals } from './store/api.js';
export type { Comparison, EvalListing, StoredEval } from './store/api.js';
