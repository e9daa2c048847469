import { describe, expect, it } from 'vitest';
import { RunMetrics } from '../../src/results/metrics.js';
import { makePrompts, makeResult } from './factory.js';

describe('RunMetrics', () => {
  it('counts pass, fail and error per column and in the run stats', () => {
    const m = new RunMetrics(makePrompts(2));
    m.add(makeResult(0, 0, 'pass'));
    m.add(makeResult(1, 0, 'fail'));
    m.add(makeResult(2, 0, 'error'));
    m.add(makeResult(0, 1, 'pass'));
    const [a, b] = m.columns();
    expect(a!.metrics).toMatchObject({
      testPassCount: 1,
      testFailCount: 1,
      testErrorCount: 1,
      assertPassCount: 1,
      assertFailCount: 1,
      score: 1,
      totalLatencyMs: 300,
    });
    expect(a!.metrics.cost).toBeCloseTo(0.003);
    expect(b!.metrics.testPassCount).toBe(1);
    const stats = m.stats(500);
    expect(stats).toMatchObject({ successes: 2, failures: 1, errors: 1, durationMs: 500 });
    expect(stats.tokenUsage).toMatchObject({ total: 30, prompt: 18, completion: 12, numRequests: 3 });
    expect(m.passRate()).toBe(50);
  });

  it('keeps grader tokens apart from provider tokens', () => {
    const m = new RunMetrics(makePrompts(1));
    const r = makeResult(0, 0, 'pass');
    r.gradingResult = { ...r.gradingResult!, tokensUsed: { total: 50, prompt: 40, completion: 10 } };
    m.add(r);
    const stats = m.stats(0);
    expect(stats.tokenUsage.total).toBe(10);
    expect(stats.graderTokenUsage).toMatchObject({ total: 50, prompt: 40, completion: 10 });
  });

  it('sums named scores weighted by the assertions behind them and counts those assertions', () => {
    const m = new RunMetrics(makePrompts(1));
    const r = makeResult(0, 0, 'pass', { namedScores: { accuracy: 0.5, tone: 1 } });
    r.gradingResult!.componentResults = [
      { pass: true, score: 1, reason: '', assertion: { type: 'equals', metric: 'accuracy' } },
      { pass: false, score: 0, reason: '', assertion: { type: 'contains', metric: 'accuracy' } },
    ];
    m.add(r);
    m.add(makeResult(1, 0, 'pass', { namedScores: { accuracy: 1 } }));
    const metrics = m.columns()[0]!.metrics;
    // Row 0: 0.5 × weight 2 (two assertions); row 1: no matching component, counts as one.
    expect(metrics.namedScores).toEqual({ accuracy: 2, tone: 1 });
    expect(metrics.namedScoresCount).toEqual({ accuracy: 3, tone: 1 });
    expect(metrics.namedScores.accuracy! / metrics.namedScoresCount.accuracy!).toBeCloseTo(2 / 3);
  });

  it('gives NaN pass rate for an empty run, so a threshold check does not fail it', () => {
    expect(new RunMetrics(makePrompts(1)).passRate()).toBeNaN();
  });

  it('does not change the column objects it was given', () => {
    const prompts = makePrompts(1);
    const m = new RunMetrics(prompts);
    m.add(makeResult(0, 0, 'pass'));
    expect(prompts[0]!.metrics.testPassCount).toBe(0);
    expect(m.columns()[0]!.metrics.testPassCount).toBe(1);
  });
});
