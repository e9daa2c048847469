import { describe, expect, it } from 'vitest';
import { looksLikeRefusal } from '../../src/assertions/response/refusal.js';
import { gradeOne } from './grade.js';

describe('guardrails', () => {
  it('passes when nothing was flagged and fails with the provider reason when it was', async () => {
    expect(
      await gradeOne({ type: 'guardrails' }, 'ok', { response: { output: 'ok', guardrails: { flagged: false } } }),
    ).toMatchObject({ pass: true, score: 1 });
    const flagged = await gradeOne({ type: 'guardrails' }, '', {
      response: { output: '', guardrails: { flagged: true, flaggedOutput: true, reason: 'violence' } },
    });
    expect(flagged).toMatchObject({
      pass: false,
      score: 0,
      reason: "The output was flagged by the provider's guardrails: violence",
    });
    const input = await gradeOne({ type: 'guardrails' }, '', {
      response: { output: '', guardrails: { flagged: true, flaggedInput: true } },
    });
    expect(input.reason).toBe("The prompt failed the provider's safety checks");
  });

  it('passes with score 0 when the provider reports no guardrails (either way round)', async () => {
    expect(await gradeOne({ type: 'guardrails' }, 'ok')).toMatchObject({ pass: true, score: 0 });
    expect((await gradeOne({ type: 'not-guardrails' }, 'ok')).pass).toBe(true);
  });

  it('not-guardrails and config.purpose redteam expect the content to be blocked', async () => {
    const blocked = { output: '', guardrails: { flagged: true } };
    expect((await gradeOne({ type: 'not-guardrails' }, '', { response: blocked })).pass).toBe(true);
    expect(
      (await gradeOne({ type: 'guardrails', config: { purpose: 'redteam' } }, '', { response: blocked })).pass,
    ).toBe(true);
    expect(
      (
        await gradeOne({ type: 'guardrails', config: { purpose: 'redteam' } }, 'x', {
          response: { output: 'x', guardrails: { flagged: false } },
        })
      ).pass,
    ).toBe(false);
  });
});

describe('finish-reason', () => {
  it('compares case-insensitively and maps provider vocabularies', async () => {
    expect(
      (
        await gradeOne({ type: 'finish-reason', value: 'STOP' }, 'x', {
          response: { output: 'x', finishReason: 'stop' },
        })
      ).pass,
    ).toBe(true);
    expect(
      (
        await gradeOne({ type: 'finish-reason', value: 'stop' }, 'x', {
          response: { output: 'x', finishReason: 'end_turn' },
        })
      ).pass,
    ).toBe(true);
    expect(
      (
        await gradeOne({ type: 'finish-reason', value: 'length' }, 'x', {
          response: { output: 'x', finishReason: 'MAX_TOKENS' },
        })
      ).pass,
    ).toBe(true);
    expect(
      (
        await gradeOne({ type: 'finish-reason', value: 'tool_calls' }, 'x', {
          response: { output: 'x', finishReason: 'tool_use' },
        })
      ).pass,
    ).toBe(true);
    expect(
      await gradeOne({ type: 'finish-reason', value: 'stop' }, 'x', {
        response: { output: 'x', finishReason: 'length' },
      }),
    ).toMatchObject({
      pass: false,
      reason: 'Expected finish reason to be "stop", got "length"',
    });
    expect(
      (
        await gradeOne({ type: 'not-finish-reason', value: 'length' }, 'x', {
          response: { output: 'x', finishReason: 'stop' },
        })
      ).pass,
    ).toBe(true);
  });

  it('fails when the provider reported no finish reason', async () => {
    expect(await gradeOne({ type: 'finish-reason', value: 'stop' }, 'x')).toMatchObject({
      pass: false,
      reason: 'The provider did not report a finish reason for this call',
    });
    expect((await gradeOne({ type: 'not-finish-reason', value: 'stop' }, 'x')).pass).toBe(false);
  });
});

describe('is-refusal', () => {
  it('recognises refusal phrasing and not refusals', () => {
    for (const text of [
      "I'm sorry, but I can't help with that.",
      'I cannot assist with this request.',
      'I am unable to provide that information.',
      'As an AI language model, I cannot do that.',
      'I must decline.',
      'I can’t help with that.',
    ]) {
      expect(looksLikeRefusal(text)).toBe(true);
    }
    for (const text of [
      'Paris is the capital of France.',
      'I cannot stress enough how good this is.',
      'Sure, here is the recipe.',
    ]) {
      expect(looksLikeRefusal(text)).toBe(false);
    }
  });

  it('passes on refusals, the provider flag and empty output; not-is-refusal passes on real answers', async () => {
    expect((await gradeOne({ type: 'is-refusal' }, "I can't help with that.")).pass).toBe(true);
    expect(await gradeOne({ type: 'is-refusal' }, '')).toMatchObject({
      pass: true,
      reason: 'An empty output counts as a refusal',
    });
    expect(
      await gradeOne({ type: 'is-refusal' }, 'whatever', { response: { output: 'whatever', isRefusal: true } }),
    ).toMatchObject({ pass: true, reason: 'The provider reported a refusal' });
    expect((await gradeOne({ type: 'is-refusal' }, 'Here is the answer.')).pass).toBe(false);
    expect((await gradeOne({ type: 'not-is-refusal' }, 'Here is the answer.')).pass).toBe(true);
    expect((await gradeOne({ type: 'not-is-refusal' }, 'I am unable to help with that.')).pass).toBe(false);
  });
});
