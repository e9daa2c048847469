import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/text/edit-distance.js';
import { gradeOne } from './grade.js';

describe('metric assertions', () => {
  it('levenshtein passes within the threshold (default 5) and ignores not-', async () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect((await gradeOne({ type: 'levenshtein', value: 'sitting' }, 'kitten')).pass).toBe(true);
    expect(await gradeOne({ type: 'levenshtein', value: 'sitting', threshold: 2 }, 'kitten')).toMatchObject({
      pass: false,
      reason: 'Levenshtein distance 3 is greater than threshold 2',
    });
    expect((await gradeOne({ type: 'not-levenshtein', value: 'sitting' }, 'kitten')).pass).toBe(true);
  });

  it('latency uses the response latency first (cached responses keep theirs), then the measured time', async () => {
    expect((await gradeOne({ type: 'latency', threshold: 500 }, 'x', { latencyMs: 120 })).pass).toBe(true);
    expect(await gradeOne({ type: 'latency', threshold: 100 }, 'x', { latencyMs: 120 })).toMatchObject({
      pass: false,
      reason: 'Latency 120ms is greater than threshold 100ms',
    });
    const cached = await gradeOne({ type: 'latency', threshold: 100 }, 'x', {
      latencyMs: 1,
      response: { output: 'x', cached: true, latencyMs: 900 },
    });
    expect(cached.pass).toBe(false);
    expect((await gradeOne({ type: 'not-latency', threshold: 100 }, 'x', { latencyMs: 120 })).pass).toBe(true);
  });

  it('latency without a measurement or a threshold is a configuration error', async () => {
    await expect(gradeOne({ type: 'latency', threshold: 100 }, 'x')).rejects.toThrow(/no recorded latency/);
    await expect(gradeOne({ type: 'latency' }, 'x', { latencyMs: 5 })).rejects.toThrow(/needs a threshold/);
    expect(await gradeOne({ type: 'latency', metric: 'ms' }, 'x', { latencyMs: 5 })).toMatchObject({
      pass: true,
      score: 5,
    });
  });

  it('cost compares the reported cost with the threshold', async () => {
    expect(
      (await gradeOne({ type: 'cost', threshold: 0.01 }, 'x', { response: { output: 'x', cost: 0.002 } })).pass,
    ).toBe(true);
    expect(
      await gradeOne({ type: 'cost', threshold: 0.001 }, 'x', { response: { output: 'x', cost: 0.002 } }),
    ).toMatchObject({
      pass: false,
      reason: 'Cost 0.0020 is greater than threshold 0.001',
    });
    await expect(gradeOne({ type: 'cost', threshold: 1 }, 'x')).rejects.toThrow(/no cost for this call.*inputCost/);
  });
});
