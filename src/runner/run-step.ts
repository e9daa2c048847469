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
  const base = {
    id: randomUUID(),
    cellId: step.cellId,
    promptIdx: column.promptIdx,
    testIdx: step.testIdx,
    repeatIndex: step.repeatIndex,
    description: test.description,
    // As in promptfoo, a row's test case carries that row's var combination, not the lists.
    testCase: step.vars === test.vars ? test : { ...test, vars: step.vars },
    promptId: column.prompt.id,
    provider: { id: column.entry.provider.id(), label: column.entry.label ?? column.entry.provider.label },
    vars: step.vars,
  };
  let renderedPrompt = '';
  try {
    const vars = services.memory.varsFor(column, test, await loadVarFiles(step.vars, services.basePath));
    const provider = (await services.testProviders.resolve(test)) ?? column.entry.provider;
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
              prompt: { ...prompt, config: { ...prompt.config, ...stripRunnerOptions(test.options) } },
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
    const common = { ...base, vars, prompt, response, latencyMs, cost: response.cost, metadata: response.metadata };

    if (response.error) {
      return {
        ...common,
        error: response.error,
        failureReason: FailureReason.ERROR,
        success: false,
        score: 0,
        namedScores: {},
        tokenUsage: usageOf(response),
      };
    }
    if (response.output === undefined || response.output === null) {
      return {
        ...common,
        error: 'No output',
        failureReason: FailureReason.NONE,
        success: false,
        score: 0,
        namedScores: {},
        tokenUsage: usageOf(response),
      };
    }

    const transformContext = { vars, prompt: renderedPrompt };
    let output: unknown = response.output;
    if (column.entry.transform)
      output = await transformOutput(column.entry.transform, output, transformContext, services.basePath);
    if (test.options?.transform)
      output = await transformOutput(test.options.transform, output, transformContext, services.basePath);
    services.memory.remember(column, test, renderedPrompt, output);

    const grading: GradingResult = await runAssertions({
      test,
      output,
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
      ...common,
      response: output === response.output ? response : { ...response, output },
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
      ...base,
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
async function withStepTimeout(
  timeoutMs: number,
  runSignal: AbortSignal,
  work: (signal: AbortSignal) => Promise<ProviderResponse>,
): Promise<ProviderResponse> {
  if (!timeoutMs) return work(runSignal);
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
