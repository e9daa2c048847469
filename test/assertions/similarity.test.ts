import { describe, expect, it } from 'vitest';
import { cosineSimilarity, dotProduct, euclideanDistance } from '../../src/assertions/model-graded/similarity.js';
import { gradeOne } from './grade.js';
import { embedder, resolver, scriptedGrader } from './graders.js';

// A toy embedding: texts about cats point one way, dogs another, anything else a third way.
const vector = (text: string): number[] => {
  const t = text.toLowerCase();
  if (t.includes('cat') || t.includes('kitten')) return [1, 0.1, 0];
  if (t.includes('dog') || t.includes('puppy')) return [0, 1, 0.1];
  return [0.1, 0, 1];
};

describe('vector measures', () => {
  it('computes cosine, dot and euclidean', () => {
    expect(cosineSimilarity([1, 0], [1, 0])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 1])).toBeCloseTo(0);
    expect(dotProduct([1, 2], [3, 4])).toBe(11);
    expect(euclideanDistance([0, 0], [3, 4])).toBe(5);
  });
});

describe('similar', () => {
  it('passes when the output is close to the value (cosine, threshold 0.75) and embeds each text once', async () => {
    const graders = resolver({ embedding: embedder(vector) });
    const result = await gradeOne({ type: 'similar', value: 'a kitten' }, 'my cat sleeps', { graders });
    expect(result.pass).toBe(true);
    expect(result.score).toBeCloseTo(1);
    expect(graders.counts.embeds).toBe(2);
    expect((await gradeOne({ type: 'similar:cosine', value: 'a puppy' }, 'my cat', { graders })).pass).toBe(false);
  });

  it('with a list of values passes when any passes, and fails with the best score when none do', async () => {
    const graders = resolver({ embedding: embedder(vector) });
    expect((await gradeOne({ type: 'similar', value: ['a puppy', 'a kitten'] }, 'my cat', { graders })).pass).toBe(
      true,
    );
    const none = await gradeOne({ type: 'similar', value: ['a puppy', 'the weather'] }, 'my cat', { graders });
    expect(none.pass).toBe(false);
    expect(none.score).toBeCloseTo(cosineSimilarity(vector('cat'), vector('weather')));
    expect(none.reason).toMatch(/None of the 2 values met the threshold/);
  });

  it('similar:dot compares the dot product, similar:euclidean passes when the distance is within the threshold', async () => {
    const graders = resolver({ embedding: embedder(vector) });
    expect(await gradeOne({ type: 'similar:dot', value: 'kitten', threshold: 0.9 }, 'cat', { graders })).toMatchObject({
      pass: true,
    });
    expect((await gradeOne({ type: 'similar:dot', value: 'puppy' }, 'cat', { graders })).pass).toBe(false);
    const near = await gradeOne({ type: 'similar:euclidean', value: 'kitten', threshold: 0.5 }, 'cat', { graders });
    expect(near).toMatchObject({ pass: true, score: 1 });
    const far = await gradeOne({ type: 'similar:euclidean', value: 'puppy', threshold: 0.5 }, 'cat', { graders });
    expect(far.pass).toBe(false);
    expect(far.score).toBeCloseTo(1 / (1 + euclideanDistance(vector('cat'), vector('puppy'))));
  });

  it('not-similar passes when the output is unlike every value, with 1 - score', async () => {
    const graders = resolver({ embedding: embedder(vector) });
    const result = await gradeOne({ type: 'not-similar', value: ['a puppy', 'rain'] }, 'my cat', { graders });
    expect(result.pass).toBe(true);
    expect((await gradeOne({ type: 'not-similar', value: ['a puppy', 'a kitten'] }, 'my cat', { graders })).pass).toBe(
      false,
    );
  });

  it('fails with guidance when no embedding provider is configured, and on an embedding error', async () => {
    expect((await gradeOne({ type: 'similar', value: 'x' }, 'y', { graders: resolver({}) })).reason).toMatch(
      /No embedding provider configured/,
    );
    const broken = resolver({
      embedding: { id: () => 'test:broken', call: async () => ({}), embed: async () => ({ error: 'HTTP 401' }) },
    });
    expect((await gradeOne({ type: 'similar', value: 'x' }, 'y', { graders: broken })).reason).toBe(
      'Embedding with test:broken failed: HTTP 401',
    );
  });
});

describe('answer-relevance', () => {
  const questions = scriptedGrader(
    '{"questions": ["What do cats eat?", "What food suits a cat?", "How do I feed my cat?"]}',
  );

  it('asks the grader once for questions and compares their embeddings with vars.query (N + 1 embeddings)', async () => {
    const embeddings = embedder(vector);
    const graders = resolver({ text: questions, embedding: embeddings });
    const result = await gradeOne({ type: 'answer-relevance' }, 'Cats eat fish and meat.', {
      graders,
      vars: { query: 'What do cats eat?' },
    });
    expect(result.pass).toBe(true);
    expect(result.score).toBeCloseTo(1);
    expect(graders.counts.calls).toBe(1);
    expect(graders.counts.embeds).toBe(4);
    expect(embeddings.texts[0]).toBe('What do cats eat?');
    expect(questions.prompts[0]).toContain('Cats eat fish and meat.');
  });

  it('falls back to the prompt and fails below the threshold (default 0.7)', async () => {
    const graders = resolver({ text: questions, embedding: embedder(vector) });
    const result = await gradeOne({ type: 'answer-relevance' }, 'Cats eat fish.', {
      graders,
      prompt: 'Tell me about dogs',
    });
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/Relevance 0\.\d\d is less than threshold 0.7/);
  });

  it('reads questions written one per line', async () => {
    const lines = scriptedGrader('Here you go:\n1. What do cats eat?\n2. Do cats eat fish?');
    const result = await gradeOne({ type: 'answer-relevance' }, 'Cats eat fish.', {
      graders: resolver({ text: lines, embedding: embedder(vector) }),
      vars: { query: 'cat food?' },
    });
    expect(result.metadata?.generatedQuestions).toHaveLength(2);
    expect(result.pass).toBe(true);
  });
});
