// `assay eval`: load the suite, apply the CLI's filters and overrides, run it with the console
// table, progress and file outputs attached, and exit 0 / 100 (pass rate below threshold or cells
// skipped) / 130 (Ctrl-C) / 143 (SIGTERM).

import { AssayError } from '../errors.js';
import type { RunSummary } from '../results/types.js';
import { resolveRunOptions } from '../runner/options.js';
import { filterSuite } from '../suite/filter-suite.js';
import { isKnownAssertionType } from '../assertions/registry.js';
import { loadSuite } from '../suite/load-suite.js';
import { runWithReporting } from './run-with-reporting.js';
import { resolveShardFlag } from '../shard/shard-flag.js';
import { attachStore } from '../store/run-store.js';
import { EXIT_INTERRUPTED, EXIT_TERMINATED, installInterruptHandler } from './interrupts.js';
import { errorLine, warningLine } from './console-lines.js';
import { formatPercent } from '../results/format-numbers.js';
import { setPythonVerbose } from '../python/settings.js';
import { useOneSuiteAtATime } from '../template/environment.js';
import { growYoungGenerationToBound } from './young-generation.js';
import { prepareProviders } from './prepare-providers.js';

export interface EvalCommandOptions {
  config?: string[];
  output?: string[];
  prompts?: string[];
  providers?: string[];
  tests?: string;
  maxConcurrency?: number;
  repeat?: number;
  delay?: number;
  timeout?: number;
  maxEvalTime?: number;
  cache: boolean;
  filterPattern?: string;
  filterFirstN?: number;
  filterProviders?: string;
  filterTargets?: string;
  filterPrompts?: string;
  var?: string[];
  grader?: string;
  promptPrefix?: string;
  promptSuffix?: string;
  description?: string;
  envFile?: string[];
  envPath?: string[];
  filterMetadata?: string[];
  filterFailing?: string;
  filterErrorsOnly?: string;
  filterSample?: number;
  watch?: boolean;
  share?: boolean;
  table: boolean;
  tableCellMaxLength?: number;
  progressBar: boolean;
  passRateThreshold?: number;
  verbose?: boolean;
  /** false with --no-write: do not record the eval in the store. */
  write?: boolean;
  resume?: string | boolean;
  retryErrors?: string | boolean;
  /** --shard i/n or auto, --shard-total n. */
  shard?: string;
  shardTotal?: number;
}

export async function evalCommand(options: EvalCommandOptions): Promise<void> {
  // One suite at a time, even in watch mode: templates find their suite's engine without async hooks.
  useOneSuiteAtATime();
  if (options.share === true)
    process.stderr.write(
      'Sharing is not supported by Assay: results stay on this machine. Write a file to share with -o results.html. Running the eval.\n',
    );
  if (!options.watch) return evalOnce(options);
  const { watchAndRerun } = await import('./watch.js');
  await watchAndRerun(() => evalOnce(options), {
    cwd: process.cwd(),
    configPaths: options.config,
    outputs: options.output ?? [],
    verbose: options.verbose === true,
  });
}

async function evalOnce(options: EvalCommandOptions): Promise<void> {
  // A bad threshold in the environment is a usage error found before the eval, not after it.
  passRateThreshold(options.passRateThreshold);
  setPythonVerbose(Boolean(options.verbose));
  const shard = resolveShardFlag(options.shard, options.shardTotal);
  const loaded = await loadSuite({
    configPaths: options.config,
    cwd: process.cwd(),
    envFiles: [...(options.envFile ?? []), ...(options.envPath ?? [])],
    isKnownAssertionType,
    overrides: {
      prompts: options.prompts,
      providers: options.providers,
      tests: options.tests,
      outputPath: options.output,
      description: options.description,
      vars: parseVarFlags(options.var),
      grader: options.grader,
      promptPrefix: options.promptPrefix,
      promptSuffix: options.promptSuffix,
    },
  });
  for (const warning of loaded.warnings ?? []) process.stderr.write(warningLine(warning));
  const suite = filterSuite(loaded, {
    metadata: options.filterMetadata,
    failing: options.filterFailing,
    errorsOnly: options.filterErrorsOnly,
    cwd: process.cwd(),
    sample: options.filterSample,
    pattern: options.filterPattern,
    firstN: options.filterFirstN,
    providers: options.filterProviders ?? options.filterTargets,
    prompts: options.filterPrompts,
  });
  // Before the store opens: a provider's one-time check (a request) overlaps the rest of the set-up.
  prepareProviders(suite, {
    cache: options.cache !== false,
    resuming: Boolean(options.resume || options.retryErrors),
    sharded: shard !== undefined,
  });

  const writeStore = options.write !== false && suite.evaluateOptions.write !== false;
  const store = attachStore(suite, {
    write: writeStore,
    resume: options.resume,
    retryErrors: options.retryErrors,
    repeat: options.repeat ?? suite.evaluateOptions.repeat ?? 1,
    warn: (message) => process.stderr.write(warningLine(message)),
  });
  const interrupts = installInterruptHandler();
  // The suite is loaded: the run's short-lived objects may have a (bounded) larger young generation.
  growYoungGenerationToBound();
  // A debug line scripts and tests can wait for before sending signals (Ctrl-C is handled from here on).
  if (options.verbose) process.stderr.write('Ready: Ctrl-C stops the eval from here on.\n');
  try {
    const runOptions = resolveRunOptions(
      {
        maxConcurrency: options.maxConcurrency,
        repeat: options.repeat,
        delayMs: options.delay,
        timeoutMs: options.timeout,
        maxEvalTimeMs: options.maxEvalTime,
        cache: options.cache === false ? false : undefined,
        grader: options.grader,
        stopSignal: interrupts.stopSignal,
        cancelSignal: interrupts.cancelSignal,
        evalId: store.evalId,
        prior: store.prior,
        shard,
      },
      suite.evaluateOptions,
    );
    const summary = await runWithReporting(suite, runOptions, {
      table: options.table,
      tableCellMaxLength: options.tableCellMaxLength,
      progress: options.progressBar && suite.evaluateOptions.showProgressBar !== false,
      outputs: suite.outputPath,
      withStore: store.withStore,
    });
    process.exitCode = interrupts.terminated
      ? EXIT_TERMINATED
      : interrupts.count > 0
        ? EXIT_INTERRUPTED
        : exitCodeFor(summary, options.passRateThreshold);
  } finally {
    interrupts.dispose();
    store.close();
  }
}

function parseVarFlags(flags: string[] | undefined): Record<string, string> | undefined {
  if (!flags?.length) return undefined;
  const vars: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new AssayError('USAGE', `--var expects key=value, got "${flag}"`);
    vars[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return vars;
}

/**
 * 0 when the pass rate meets the threshold (default 100%), else 100, as promptfoo does. Cells
 * that never ran (a run stopped by --max-eval-time) also give 100: an incomplete run is no pass.
 */
export function exitCodeFor(summary: RunSummary, flagThreshold: number | undefined): number {
  const { successes, failures, errors } = summary.stats;
  if (summary.stats.skipped > 0) return 100;
  const total = successes + failures + errors;
  if (total === 0) return 0;
  const { threshold, explicit } = passRateThreshold(flagThreshold);
  const passRate = (successes / total) * 100;
  if (passRate >= threshold) return 0;
  if (explicit) {
    process.stderr.write(
      errorLine(`pass rate ${formatPercent(successes, total)} is below the threshold of ${threshold}%`),
    );
  }
  return 100;
}

/** The threshold in percent: the flag, else ASSAY_/PROMPTFOO_PASS_RATE_THRESHOLD, else 100. */
function passRateThreshold(flagThreshold: number | undefined): { threshold: number; explicit: boolean } {
  if (flagThreshold !== undefined) return { threshold: flagThreshold, explicit: true };
  const name =
    process.env.ASSAY_PASS_RATE_THRESHOLD !== undefined ? 'ASSAY_PASS_RATE_THRESHOLD' : 'PROMPTFOO_PASS_RATE_THRESHOLD';
  const fromEnv = process.env[name];
  if (fromEnv === undefined) return { threshold: 100, explicit: false };
  const threshold = Number(fromEnv);
  if (fromEnv.trim() === '' || !Number.isFinite(threshold)) {
    throw new AssayError('USAGE', `${name} must be a number (a percentage such as 90), got "${fromEnv}"`);
  }
  return { threshold, explicit: true };
}
