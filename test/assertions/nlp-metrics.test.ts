import { describe, expect, it } from 'vitest';
import { bleuScore, rougeN } from '../../src/assertions/text/nlp-metrics.js';
import { gradeOne } from './grade.js';

describe('rouge-n', () => {
  it('scores unigram overlap as an F-measure (threshold 0.75)', async () => {
    expect(rougeN('the cat sat on the mat', 'the cat sat on the mat')).toBe(1);
    expect(rougeN('the cat sat', 'the cat sat on the mat')).toBeCloseTo((2 * 1 * 0.5) / 1.5);
    expect(rougeN('the cat sat', 'the dog ran', 2)).toBe(0);
    expect(
      (await gradeOne({ type: 'rouge-n', value: 'The quick brown fox jumps.' }, 'The quick brown fox jumps.')).pass,
    ).toBe(true);
    const low = await gradeOne({ type: 'rouge-n', value: 'The quick brown fox jumps over the lazy dog' }, 'A slow cat');
    expect(low.pass).toBe(false);
    expect(low.reason).toMatch(/ROUGE-1 score 0\.00 is less than threshold 0.75/);
  });

  it('not-rouge-n passes on dissimilar text with 1 - score; config.n picks bigrams', async () => {
    const negated = await gradeOne({ type: 'not-rouge-n', value: 'completely different words' }, 'nothing alike here');
    expect(negated).toMatchObject({ pass: true, score: 1 });
    expect((await gradeOne({ type: 'rouge-n', value: 'cat sat mat', config: { n: 2 } }, 'mat sat cat')).score).toBe(0);
  });
});

describe('bleu', () => {
  it('is 1 for an exact match and lower for a partial one (threshold 0.5)', async () => {
    expect(bleuScore('the cat is on the mat', ['the cat is on the mat'])).toBeCloseTo(1);
    const partial = bleuScore('the cat sat on a mat today', ['the cat is on the mat']);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(0.5);
    expect((await gradeOne({ type: 'bleu', value: 'the cat is on the mat' }, 'The cat is on the mat')).pass).toBe(true);
    expect((await gradeOne({ type: 'bleu', value: 'the cat is on the mat' }, 'dogs bark loudly at night')).pass).toBe(
      false,
    );
  });

  it('takes the best of several references and penalises short candidates', async () => {
    expect(
      (
        await gradeOne(
          { type: 'bleu', value: ['a dog barks at night', 'the cat is on the mat'] },
          'the cat is on the mat',
        )
      ).score,
    ).toBeCloseTo(1);
    expect(bleuScore('the cat', ['the cat is on the mat'])).toBeLessThan(
      bleuScore('the cat is on the', ['the cat is on the mat']),
    );
  });
});

describe('perplexity', () => {
  const response = (logProbs?: number[]) => ({ output: 'x', logProbs });
  it('computes exp(-mean logprob) against the threshold; perplexity-score is 1/(1+ppl)', async () => {
    const logProbs = [Math.log(0.5), Math.log(0.5)]; // perplexity 2
    expect(await gradeOne({ type: 'perplexity', threshold: 3 }, 'x', { response: response(logProbs) })).toMatchObject({
      pass: true,
      score: 1,
    });
    expect(await gradeOne({ type: 'perplexity', threshold: 1.5 }, 'x', { response: response(logProbs) })).toMatchObject(
      {
        pass: false,
        reason: 'Perplexity 2.00 is greater than threshold 1.5',
      },
    );
    const score = await gradeOne({ type: 'perplexity-score', threshold: 0.3 }, 'x', { response: response(logProbs) });
    expect(score.pass).toBe(true);
    expect(score.score).toBeCloseTo(1 / 3);
  });

  it('fails with a clear reason when the provider returned no logprobs', async () => {
    const result = await gradeOne({ type: 'perplexity', threshold: 3 }, 'x');
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/needs token log-probabilities.*logprobs: true/);
    expect((await gradeOne({ type: 'not-perplexity-score' }, 'x', { response: response([]) })).pass).toBe(false);
  });
});
