// One cell of the matrix: load file vars, render the prompt, call the provider (or take the
// test's providerOutput), transform the output, grade it, and build the EvalResult.
// Failures of any kind become an error row; nothing here throws except a run-level abort.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { runAssertions } from '../assertions/engine/run-assertions.js';
import type { GraderResolver, GradingResult } from '../assertions/types.js';
import { transformOutput } from '../assertions/script/transform.js';
import { errorMessage, isAbortError } from '../errors.js';
import type { ProviderResponse, TokenUsage } from '../providers/types.js';
import { FailureReason, type EvalResult } from '../results/types.js';
import { renderPrompt } from '../suite/render-prompt.js';
import { loadVarFiles } from '../suite/vars.js';
import { callProvider, type CallServices } from './call-provider.js';
import type { EvalStep } from './steps.js';
import type { StepMemory } from './step-memory.js';
import type { TestProviders } from './test-providers.js';

export interface StepServices extends CallServices {
  basePath: string;
  graders: GraderResolver;
  testProviders: TestProviders;
  filters: Record<string, (...args: unknown[]) => unknown>;
  /** Per-step timeout in ms; 0 means none. */
  timeoutMs: number;
  /** Pause after each uncached call, in ms. */
  delayMs: number;
  /** Stored outputs (`storeOutputAs`) and conversation turns (`_conversation`). */
  memory: StepMemory;
}

export async function runStep(step: EvalStep, services: StepServices, runSignal: AbortSignal): Promise<EvalResult> {
  const started = performance.now();
  const { column, test } = step;
  const id = randomUUID();
  // As in promptfoo, a row's test case carries that row's var combination, not the lists.
  const testCase = step.vars === test.vars ? test : { ...test, vars: step.vars };
  const cellProvider = { id: column.entry.provider.id(), label: column.entry.label ?? column.entry.provider.label };
  let renderedPrompt = '';
  try {
    // Most rows have no file:// vars and no provider of their own: those steps are skipped
    // rather than awaited (each await is a promise and a turn of the microtask queue per cell).
    const loaded = mayHoldVarFiles(step.vars) ? await loadVarFiles(step.vars, services.basePath) : step.vars;
    const vars = services.memory.varsFor(column, test, loaded);
    const provider =
      test.provider === undefined
        ? column.entry.provider
        : ((await services.testProviders.resolve(test)) ?? column.entry.provider);
    renderedPrompt =
      (test.options?.prefix ?? '') +
      (await renderPrompt(column.prompt, vars, {
        provider: { id: provider.id(), label: provider.label },
        outputVars: services.memory.outputVarNames(),
      })) +
      (test.options?.suffix ?? '');
    const prompt = { raw: renderedPrompt, label: column.prompt.label, config: column.prompt.config };

    const response = await withStepTimeout(services.timeoutMs, runSignal, (signal) =>
      test.providerOutput !== undefined
        ? Promise.resolve<ProviderResponse>({ output: test.providerOutput, tokenUsage: {}, cost: 0 })
        : callProvider(
            provider,
            renderedPrompt,
            {
              vars,
              prompt: {
                raw: renderedPrompt,
                label: column.prompt.label,
                config: test.options
                  ? { ...column.prompt.config, ...stripRunnerOptions(test.options) }
                  : { ...column.prompt.config },
              },
              repeatIndex: step.repeatIndex,
              filters: services.filters,
              test,
            },
            services,
            signal,
          ),
    );
    // A provider's own `delay` wins over the run's, as in promptfoo.
    const delayMs = column.entry.delay ?? services.delayMs;
    if (!response.cached && delayMs > 0 && test.providerOutput === undefined) await sleep(delayMs);
    const latencyMs = response.latencyMs ?? Math.round(performance.now() - started);

    // Each result is built as one object literal, its keys in the order results have always had
    // (outputs serialise in key order): no copies of a half-built result per cell.
    if (response.error || response.output === undefined || response.output === null) {
      const failed = Boolean(response.error);
      return {
        id,
        cellId: step.cellId,
        promptIdx: column.promptIdx,
        testIdx: step.testIdx,
        repeatIndex: step.repeatIndex,
        description: test.description,
        testCase,
        promptId: column.prompt.id,
        provider: cellProvider,
        vars,
        prompt,
        response,
        latencyMs,
        cost: response.cost,
        metadata: response.metadata,
        error: failed ? response.error : 'No output',
        failureReason: failed ? FailureReason.ERROR : FailureReason.NONE,
        success: false,
        score: 0,
        namedScores: {},
        tokenUsage: usageOf(response),
      };
    }

    let output: unknown = response.output;
    if (column.entry.transform || test.options?.transform) {
      const transformContext = { vars, prompt: renderedPrompt };
      if (column.entry.transform)
        output = await transformOutput(column.entry.transform, output, transformContext, services.basePath);
      if (test.options?.transform)
        output = await transformOutput(test.options.transform, output, transformContext, services.basePath);
    }
    services.memory.remember(column, test, renderedPrompt, output);

    const grading: GradingResult = await runAssertions({
      test,
      output,
      // A copy: what assertion code does to it must not reach the stored response.
      providerResponse: { ...response, output },
      prompt: renderedPrompt,
      vars,
      provider,
      basePath: services.basePath,
      graders: services.graders,
      signal: runSignal,
      latencyMs,
    });
    return {
      id,
      cellId: step.cellId,
      promptIdx: column.promptIdx,
      testIdx: step.testIdx,
      repeatIndex: step.repeatIndex,
      description: test.description,
      testCase,
      promptId: column.prompt.id,
      provider: cellProvider,
      vars,
      prompt,
      response: output === response.output ? response : { ...response, output },
      latencyMs,
      cost: response.cost,
      metadata: response.metadata,
      error: grading.pass ? undefined : grading.reason,
      failureReason: grading.pass ? FailureReason.NONE : FailureReason.ASSERT,
      success: grading.pass,
      score: grading.score,
      gradingResult: grading,
      namedScores: grading.namedScores ?? {},
      tokenUsage: usageOf(response),
    };
  } catch (err) {
    if (isAbortError(err) && runSignal.aborted) throw err;
    return {
      id,
      cellId: step.cellId,
      promptIdx: column.promptIdx,
      testIdx: step.testIdx,
      repeatIndex: step.repeatIndex,
      description: test.description,
      testCase,
      promptId: column.prompt.id,
      provider: cellProvider,
      vars: step.vars,
      prompt: { raw: renderedPrompt, label: column.prompt.label },
      error: errorMessage(err),
      failureReason: FailureReason.ERROR,
      success: false,
      score: 0,
      latencyMs: Math.round(performance.now() - started),
      namedScores: {},
      tokenUsage: {},
    };
  }
}

/**
 * False when no var can name a file (no string, alone or in a list, starting with file://), so
 * loadVarFiles would hand back the same vars. True leaves the decision to loadVarFiles.
 */
function mayHoldVarFiles(vars: Record<string, unknown>): boolean {
  for (const key in vars) {
    const value = vars[key];
    if (typeof value === 'string') {
      if (value.startsWith('file://')) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string' && item.startsWith('file://')) return true;
    }
  }
  return false;
}

/** Test options that steer the runner, not the provider, are kept out of prompt.config. */
function stripRunnerOptions(options: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!options) return {};
  const {
    transform: _t,
    provider: _p,
    rubricPrompt: _r,
    prefix: _pre,
    suffix: _suf,
    runSerially: _rs,
    storeOutputAs: _s,
    factuality: _f,
    ...rest
  } = options;
  return rest;
}

function usageOf(response: ProviderResponse): TokenUsage {
  const usage = response.tokenUsage ?? {};
  return response.cached ? { ...usage, cached: usage.total ?? 0 } : usage;
}

export class StepTimeoutError extends Error {
  constructor(ms: number) {
    super(`Evaluation timed out after ${ms}ms`);
    this.name = 'StepTimeoutError';
  }
}

/**
 * Runs `work` with a signal that aborts on the run's abort or after `timeoutMs`. The race
 * guarantees the step ends on time even if a provider ignores its signal.
 */
function withStepTimeout(
  timeoutMs: number,
  runSignal: AbortSignal,
  work: (signal: AbortSignal) => Promise<ProviderResponse>,
): Promise<ProviderResponse> {
  // Without a timeout the work's own promise is returned, not one wrapped around it.
  if (!timeoutMs) return work(runSignal);
  return withDeadline(timeoutMs, runSignal, work);
}

async function withDeadline(
  timeoutMs: number,
  runSignal: AbortSignal,
  work: (signal: AbortSignal) => Promise<ProviderResponse>,
): Promise<ProviderResponse> {
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(runSignal.reason);
  runSignal.addEventListener('abort', onRunAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProviderResponse>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new StepTimeoutError(timeoutMs));
      resolve({ error: `Evaluation timed out after ${timeoutMs}ms`, latencyMs: timeoutMs });
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      work(controller.signal).catch((err: unknown) => {
        if (controller.signal.reason instanceof StepTimeoutError)
          return { error: `Evaluation timed out after ${timeoutMs}ms`, latencyMs: timeoutMs };
        throw err;
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    runSignal.removeEventListener('abort', onRunAbort);
  }
}
