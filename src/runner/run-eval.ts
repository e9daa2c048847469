// Runs a Suite: expands the matrix, schedules cells under the concurrency limit, and reports
// every finished cell to the listeners. It never prints, reads argv or exits (DESIGN.md).

import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunMetrics } from '../results/metrics.js';
import { capValue, storableResult, storableSkippedCell } from '../results/storable.js';
import { registerSuiteSecrets } from '../redaction/register-suite.js';
import { FailureReason, type EvalResult, type RunStartInfo, type RunSummary } from '../results/types.js';
import type { WaitNotice } from '../results/types.js';
import type { Suite } from '../suite/types.js';
import { errorMessage, isAbortError } from '../errors.js';
import { raceAbort } from './abort-race.js';
import { ResponseCache } from './cache.js';
import { CellLedger } from './cell-ledger.js';
import { applyComparisons, comparisonAssertions } from './comparisons.js';
import { EventBus, type RunListener } from './events.js';
import { createGraderResolver } from './graders.js';
import type { RunOptions } from './options.js';
import { CappedRateLimitRegistry } from './provider-concurrency.js';
import { needsSerialRun, StepMemory } from './step-memory.js';
import { carriesComparison, rememberStored, withoutComparison } from './prior-cells.js';
import { runStep, type StepServices } from './run-step.js';
import {
  buildColumns,
  collectVarNames,
  countMatrix,
  generateSteps,
  planSuiteHash,
  toCompletedPrompts,
  type EvalStep,
} from './steps.js';
import { TestProviders } from './test-providers.js';
import { storedConfig } from './stored-config.js';
import { ExtensionHooks } from './extensions.js';
import { transformTestVars } from './transform-vars.js';
import { setPythonWorkerLimit } from '../python/settings.js';
import { TemplateEngine } from '../template/engine.js';
import { withTemplateEngine } from '../template/environment.js';
import { countShardMatrix, shardPredicate, shardRunsChain } from './shard-selection.js';
import { nextTurn, turnBudget } from '../scheduling/turn-budget.js';

const CLOSE_GRACE_MS = 2_000;

export function newEvalId(now = new Date()): string {
  return `eval-${randomBytes(2).toString('hex')}-${now.toISOString().slice(0, 19)}`;
}

export async function runEval(
  configuredSuite: Suite,
  options: RunOptions,
  listeners: RunListener[],
): Promise<RunSummary> {
  // Every render in this run uses the suite's own template environment (env, filters).
  const templates =
    configuredSuite.templates ??
    new TemplateEngine({ env: { ...process.env, ...configuredSuite.env }, filters: configuredSuite.filters });
  return withTemplateEngine(templates, () => runSuite(configuredSuite, options, listeners));
}

async function runSuite(configuredSuite: Suite, options: RunOptions, listeners: RunListener[]): Promise<RunSummary> {
  const startedAt = new Date();
  const started = performance.now();
  // Extension hooks and transformVars may change the tests before the matrix is built.
  const hooks = await ExtensionHooks.load(configuredSuite.extensions, configuredSuite.basePath);
  const suite = await prepareSuite(configuredSuite, hooks);
  const keptForAfterAll: EvalResult[] | undefined = hooks?.has('afterAll') ? [] : undefined;
  const columns = buildColumns(suite);
  const suiteMatrix = countMatrix(suite.tests, columns, options.repeat);
  // --shard i/n: this process runs only its share; the counts below are the share's.
  const inShard = options.shard ? shardPredicate(suite, options.shard) : undefined;
  const matrix = inShard ? countShardMatrix(suite.tests, columns, options.repeat, inShard) : suiteMatrix;
  const planned = () =>
    inShard
      ? filterSteps(generateSteps(suite.tests, columns, options.repeat), inShard)
      : generateSteps(suite.tests, columns, options.repeat);
  const prompts = toCompletedPrompts(columns);
  const metrics = new RunMetrics(prompts, suite.derivedMetrics);
  const bus = new EventBus(listeners);
  const evalId = options.evalId ?? newEvalId(startedAt);
  registerSuiteSecrets(suite);

  const cancel = new AbortController();
  const stop = new AbortController();
  // Every cell in flight listens for cancellation; that is expected, not a leak.
  setMaxListeners(0, cancel.signal, stop.signal);
  const forward = (from: AbortSignal | undefined, to: AbortController) => {
    if (!from) return;
    if (from.aborted) to.abort(from.reason);
    else from.addEventListener('abort', () => to.abort(from.reason), { once: true });
  };
  forward(options.cancelSignal, cancel);
  forward(options.stopSignal, stop);
  forward(cancel.signal, stop);
  let abortReason: string | undefined;
  const globalTimer =
    options.maxEvalTimeMs > 0
      ? setTimeout(() => {
          abortReason = `Evaluation exceeded max duration of ${options.maxEvalTimeMs}ms`;
          cancel.abort(new Error(abortReason));
        }, options.maxEvalTimeMs)
      : undefined;

  // storeOutputAs and _conversation make later cells depend on earlier ones: run them in order.
  // A shard without the chain's cells has nothing to hand along, so it keeps full concurrency.
  const serial = needsSerialRun(suite) && (!options.shard || shardRunsChain(options.shard));
  const concurrency = serial ? 1 : options.maxConcurrency;
  // Python pools grow on demand up to -j; nothing is spawned unless a cell calls Python.
  setPythonWorkerLimit(concurrency);
  const testProviders = new TestProviders(suite.providers, suite.env, suite.basePath, suite.testProviders);
  const limits = new CappedRateLimitRegistry(concurrency, suite.providers);
  const callServices = {
    cache: options.cache ? new ResponseCache(options.cacheDir) : undefined,
    limits,
    cacheRepeatsApart: options.repeat > 1,
    onWait: (notice: WaitNotice) => void bus.emit({ type: 'waiting', ...notice }),
  };
  const services: StepServices = {
    ...callServices,
    basePath: suite.basePath,
    graders: createGraderResolver({
      providers: testProviders,
      services: callServices,
      cliGrader: options.grader,
      env: suite.env,
    }),
    testProviders,
    filters: suite.filters,
    timeoutMs: options.timeoutMs,
    delayMs: options.delayMs,
    memory: new StepMemory(serial),
  };

  const info: RunStartInfo = {
    evalId,
    suiteHash: planSuiteHash(suite, options.repeat),
    description: suite.description,
    timestamp: startedAt.toISOString(),
    prompts,
    varNames: collectVarNames(suite.tests),
    totalCells: matrix.cells,
    totalRows: matrix.rows,
    expectedCells: (testIdx) => matrix.cellsPerRow[testIdx] ?? 0,
    concurrency,
    config: storedConfig(suite.config, options.maxStoredTextBytes),
    ...(options.shard
      ? { shard: { ...options.shard, suiteCells: suiteMatrix.cells, suiteRows: suiteMatrix.rows } }
      : {}),
  };
  await bus.emit({ type: 'start', info });

  let completed = 0;
  let errors = 0;
  const ledger = new CellLedger(matrix.rows, columns.length);
  // Awaiting the emission holds the cell's pool slot until sinks have taken the result, so slow
  // output (a full disk, a slow terminal) throttles the run instead of queueing results in memory.
  // Not async functions (record, report, finish): a cell's result goes to the sinks without a
  // promise (and turns of the microtask queue) per layer; the caller awaits the emission itself.
  const record = (finished: EvalResult, replayed = false): Promise<void> =>
    hooks && !replayed ? hooks.afterEach(finished).then((cell) => report(cell, false)) : report(finished, replayed);
  const report = (cell: EvalResult, replayed: boolean): Promise<void> => {
    // Huge text is cut here, once, so the counts and every output agree on what was stored.
    const result = replayed ? cell : storableResult(cell, options.maxStoredTextBytes);
    keptForAfterAll?.push(result);
    completed++;
    ledger.markDone(result.testIdx, result.promptIdx);
    if (result.failureReason === FailureReason.ERROR) errors++;
    metrics.add(result);
    void bus.emit(replayed ? { type: 'result', result, replayed } : { type: 'result', result });
    return bus.emit({ type: 'progress', completed, total: matrix.cells, errors, latest: result });
  };
  // Rows with select-best / max-score are held until all their cells are in, then graded together.
  const heldRows = new Map<number, EvalResult[]>();
  // A continued run's stored cells that already carry their row's comparison: reported as stored,
  // and context when the row's other cells are graded (prior-cells.ts). Stored cells without it
  // (a row cut short by a stop) wait with the row and are graded with it.
  const gradedRows = new Map<number, EvalResult[]>();
  const storedHeld = new WeakSet<EvalResult>();
  const finish = (step: EvalStep, result: EvalResult): Promise<void> =>
    comparisonAssertions(step.test).length === 0 ? record(result) : finishRow(step, result);
  const finishRow = async (step: EvalStep, result: EvalResult) => {
    const row = heldRows.get(step.testIdx) ?? [];
    row.push(result);
    heldRows.set(step.testIdx, row);
    const graded = gradedRows.get(step.testIdx) ?? [];
    if (row.length + graded.length < (matrix.cellsPerRow[step.testIdx] ?? 0)) return;
    heldRows.delete(step.testIdx);
    gradedRows.delete(step.testIdx);
    row.sort((a, b) => a.promptIdx - b.promptIdx);
    // Nothing in the row ran this time: it stays as stored (no grader call to repeat).
    if (row.every((cell) => storedHeld.has(cell))) {
      for (const cell of row) await record(cell, true);
      return;
    }
    const cells = [...row, ...graded].sort((a, b) => a.promptIdx - b.promptIdx);
    const context = new Set(graded);
    const results = await applyComparisons(
      cells.map((cell) => (context.has(cell) ? withoutComparison(cell) : cell)),
      step.test,
      services,
      cancel.signal,
    );
    for (const [i, cell] of cells.entries()) {
      const gradedCell = results[i]!;
      if (!context.has(cell)) await record(gradedCell, gradedCell === cell && storedHeld.has(cell));
    }
  };
  /** A stored cell (resume, retry): handed to later cells, then reported as stored or graded with its row. */
  const replayStored = async (step: EvalStep, stored: EvalResult) => {
    const result = { ...stored, testIdx: step.testIdx, promptIdx: step.column.promptIdx };
    rememberStored(services.memory, step, result);
    if (comparisonAssertions(step.test).length === 0) return record(result, true);
    if (carriesComparison(result)) {
      gradedRows.set(step.testIdx, [...(gradedRows.get(step.testIdx) ?? []), result]);
      await record(result, true);
      return;
    }
    storedHeld.add(result);
    await finish(step, result);
  };
  const execute = async (step: EvalStep) => {
    try {
      // The race ends the cell the moment the run is cancelled, even if its provider ignores the
      // signal (a stalled stream, custom code that never returns).
      await finish(step, await untilAborted(runStep(step, services, cancel.signal), cancel.signal));
    } catch (err) {
      // Only a cancelled run gets here: the cell has no result and is reported as skipped below.
      if (!isAbortError(err) && !cancel.signal.aborted) throw err;
    }
  };

  try {
    // Cells already stored (resume, retry-errors) are reported first, as stored, and never run.
    const prior = options.prior;
    const isPrior = (step: EvalStep) => prior?.has(step.cellId) === true;
    const replayIfStored = async (step: EvalStep) => {
      const stored = prior?.get(step.cellId);
      if (stored) await replayStored(step, stored);
    };
    if (prior && serial) {
      // Cells hand outputs along (storeOutputAs, _conversation): stored and new cells take their
      // turns in the one order an uninterrupted run would have, so each sees the same vars.
      for (const step of planned()) {
        if (isPrior(step)) await replayIfStored(step);
        else if (!stop.signal.aborted) await execute(step);
      }
    } else {
      if (prior) for (const step of planned()) if (isPrior(step)) await replayIfStored(step);
      const isSerial = (step: EvalStep) => step.test.options?.runSerially === true;
      // runSerially cells go first, one at a time; walking the matrix for them is only worth it if any exist.
      const anySerial = suite.tests.some((test) => test.options?.runSerially === true);
      for (const step of anySerial ? planned() : []) {
        if (stop.signal.aborted) break;
        if (isSerial(step) && !isPrior(step)) await execute(step);
      }
      await runPool(
        filterSteps(planned(), (s) => !isSerial(s) && !isPrior(s)),
        concurrency,
        execute,
        stop.signal,
      );
    }
    // A stopped run leaves partial rows: they are reported as they are, without the comparison.
    for (const row of heldRows.values()) for (const result of row) await record(result, storedHeld.has(result));
    // Every cell without a result is reported, so counts and outputs add up to the planned matrix.
    if (completed < matrix.cells) {
      const reason =
        abortReason ?? (stop.signal.aborted ? errorMessage(stop.signal.reason ?? 'Stopped by the user') : 'Not run');
      for (const cell of ledger.skipped(planned(), reason)) {
        metrics.addSkipped();
        await bus.emit({ type: 'skipped', cell: storableSkippedCell(cell, options.maxStoredTextBytes) });
      }
    }
  } finally {
    clearTimeout(globalTimer);
    const closing = (async () => {
      await testProviders.closeAll();
      await Promise.allSettled(suite.providers.map((entry) => entry.provider.close?.()));
    })();
    // A cancelled run (SIGTERM) must still get to its outputs if a provider will not close.
    await (cancel.signal.aborted ? Promise.race([closing, sleep(CLOSE_GRACE_MS, undefined, { ref: false })]) : closing);
  }

  const aborted = completed < matrix.cells && stop.signal.aborted;
  const summary: RunSummary = {
    evalId,
    timestamp: startedAt.toISOString(),
    stats: metrics.stats(Math.round(performance.now() - started)),
    prompts: capValue(metrics.columns(), options.maxStoredTextBytes).value,
    aborted,
    abortReason: aborted ? (abortReason ?? errorMessage(stop.signal.reason ?? 'Stopped by the user')) : undefined,
  };
  await hooks?.afterAll({ suite, results: keptForAfterAll ?? [], prompts: summary.prompts, evalId });
  await bus.emit({ type: 'end', summary });
  await bus.drain();
  return summary;
}

/** Settles like `work`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return raceAbort(work, signal, () => signal.reason);
}

/** beforeAll hooks, then transformVars, then beforeEach hooks, as promptfoo orders them. */
async function prepareSuite(suite: Suite, hooks: ExtensionHooks | undefined): Promise<Suite> {
  const afterBeforeAll = hooks ? await hooks.beforeAll(suite) : suite;
  const transformed = await transformTestVars(afterBeforeAll.tests, suite.basePath);
  const tests = hooks ? await hooks.beforeEach(transformed) : transformed;
  return tests === suite.tests ? afterBeforeAll : { ...afterBeforeAll, tests };
}

function* filterSteps(steps: Iterable<EvalStep>, keep: (step: EvalStep) => boolean): Generator<EvalStep> {
  for (const step of steps) if (keep(step)) yield step;
}

/** Starts steps in order, at most `limit` at a time; stops starting new ones when `stop` fires. */
async function runPool(
  steps: Iterable<EvalStep>,
  limit: number,
  execute: (step: EvalStep) => Promise<void>,
  stop: AbortSignal,
): Promise<void> {
  // `limit` workers each take the next step when their last one is done. (Racing every task in
  // flight for each free slot attached `limit` reactions per cell: quadratic at -j 500.)
  const iterator = steps[Symbol.iterator]();
  let exhausted = false;
  const worker = async (): Promise<void> => {
    // Workers start one by one, each in the check phase, so that the first steps' work (until
    // their requests are sent) counts against the turn's budget instead of all starting at once.
    await nextTurn();
    while (!exhausted && !stop.aborted) {
      // Cells that answer without I/O (echo, cache hits, instant errors) would chain promise
      // after promise and never let the event loop run: no Ctrl-C, no timers, no store commits,
      // no progress redraw until the run ends. Starting a step spends the turn's budget
      // (turn-budget.ts), which replies being handled share: past it, wait for a later turn.
      const pause = turnBudget();
      if (pause) {
        await pause;
        if (exhausted || stop.aborted) break;
      }
      const next = iterator.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      try {
        await execute(next.value);
      } catch (err) {
        exhausted = true; // as before: no step starts after one fails
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
}
