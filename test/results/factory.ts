// Small builders for results and run info used by the results tests.

import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunMetrics, emptyMetrics } from '../../src/results/metrics.js';
import {
  FailureReason,
  type CompletedPrompt,
  type EvalResult,
  type RunStartInfo,
  type RunSummary,
  type Sink,
} from '../../src/results/types.js';

export function makePrompts(n: number): CompletedPrompt[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    raw: `Prompt ${i}: {{ q }}`,
    label: `prompt-${i}`,
    provider: i % 2 === 0 ? 'echo' : 'Mock Labelled',
    metrics: emptyMetrics(),
  }));
}

type Kind = 'pass' | 'fail' | 'error';

export function makeResult(
  testIdx: number,
  promptIdx: number,
  kind: Kind = 'pass',
  extra: Partial<EvalResult> = {},
): EvalResult {
  const vars = { q: `question ${testIdx}`, lang: 'en' };
  const base: EvalResult = {
    id: `r-${testIdx}-${promptIdx}`,
    promptIdx,
    testIdx,
    repeatIndex: 0,
    testCase: { vars, assert: [{ type: 'contains', value: 'x' }] },
    promptId: `p${promptIdx}`,
    provider: promptIdx % 2 === 0 ? { id: 'echo' } : { id: 'mock:thing', label: 'Mock Labelled' },
    prompt: { raw: `Prompt ${promptIdx}: question ${testIdx}`, label: `prompt-${promptIdx}` },
    vars,
    response:
      kind === 'error'
        ? { error: 'HTTP 500: boom' }
        : { output: `answer ${testIdx}/${promptIdx}`, tokenUsage: { total: 10, prompt: 6, completion: 4 } },
    error: kind === 'error' ? 'HTTP 500: boom' : undefined,
    failureReason: kind === 'pass' ? FailureReason.NONE : kind === 'fail' ? FailureReason.ASSERT : FailureReason.ERROR,
    success: kind === 'pass',
    score: kind === 'pass' ? 1 : 0,
    latencyMs: 100,
    gradingResult:
      kind === 'error'
        ? undefined
        : {
            pass: kind === 'pass',
            score: kind === 'pass' ? 1 : 0,
            reason: kind === 'pass' ? 'All assertions passed' : 'Expected output to contain "x"',
            componentResults: [
              {
                pass: kind === 'pass',
                score: kind === 'pass' ? 1 : 0,
                reason: 'r',
                assertion: { type: 'contains', value: 'x' },
              },
            ],
          },
    namedScores: {},
    cost: 0.001,
    tokenUsage: kind === 'error' ? {} : { total: 10, prompt: 6, completion: 4, numRequests: 1 },
  };
  return { ...base, ...extra };
}

export function makeInfo(rows: number, columns: number, extra: Partial<RunStartInfo> = {}): RunStartInfo {
  return {
    evalId: 'eval-test-1',
    description: 'Test <suite> & co',
    timestamp: '2025-01-01T00:00:00.000Z',
    prompts: makePrompts(columns),
    varNames: ['q', 'lang'],
    totalCells: rows * columns,
    totalRows: rows,
    concurrency: 4,
    config: { description: 'Test suite', providers: [{ id: 'openai:gpt-4o', config: { apiKey: 'sk-secret-123' } }] },
    ...extra,
  };
}

export function makeSummary(info: RunStartInfo, results: EvalResult[], extra: Partial<RunSummary> = {}): RunSummary {
  const metrics = new RunMetrics(info.prompts);
  for (const r of results) metrics.add(r);
  return {
    evalId: info.evalId,
    timestamp: info.timestamp,
    stats: metrics.stats(1234),
    prompts: metrics.columns(),
    aborted: false,
    ...extra,
  };
}

/** Rows × columns results, a mix of pass/fail/error, in a scrambled (completion-like) order. */
export function scrambledResults(rows: number, columns: number): EvalResult[] {
  const all: EvalResult[] = [];
  for (let t = 0; t < rows; t++) {
    for (let p = 0; p < columns; p++) all.push(makeResult(t, p, t % 5 === 3 ? 'fail' : t % 7 === 4 ? 'error' : 'pass'));
  }
  // Deterministic shuffle within windows of 8, like cells finishing out of order under concurrency.
  const out: EvalResult[] = [];
  for (let i = 0; i < all.length; i += 8) out.push(...all.slice(i, i + 8).reverse());
  return out;
}

export async function runSink(
  sink: Sink,
  info: RunStartInfo,
  results: EvalResult[],
  summary = makeSummary(info, results),
): Promise<void> {
  await sink.onRunStart?.(info);
  for (const r of results) await sink.onResult?.(r);
  await sink.onRunEnd?.(summary);
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'assay-results-'));
}

export async function listFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}
