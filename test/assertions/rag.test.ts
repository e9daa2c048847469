// context-recall, context-relevance, context-faithfulness and conversation-relevance graded by the
// emulator's deterministic grader through evaluate(): each passes on a supported/relevant case and
// fails on an unsupported/irrelevant one; contextTransform reads the context from the output.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVerdicts, splitSentences } from '../../src/assertions/model-graded/rag.js';
import { startEmulators } from '../../src/emulator/index.js';
import type { RunningEmulators } from '../../src/emulator/types.js';
import { evaluate } from '../../src/index.js';
import type { AssertionDef } from '../../src/suite/types.js';

let emulators: RunningEmulators;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => {
  await emulators.close();
});

const CONTEXT =
  'Paris is the capital of France. The Eiffel Tower was completed in 1889. Bananas are rich in potassium.';

async function gradeOutput(output: unknown, assertion: AssertionDef, vars: Record<string, unknown> = {}) {
  const result = await evaluate(
    {
      env: emulators.env(),
      prompts: ['{{ query }}'],
      providers: [{ id: () => 'fixed', callApi: async () => ({ output }) }],
      defaultTest: { options: { provider: 'openai:chat:gpt-4o-mini' } },
      tests: [{ vars: { query: 'What is the capital of France?', ...vars }, assert: [assertion] }],
    },
    { cache: false },
  );
  const component = result.results[0]!.gradingResult!.componentResults![0]!;
  expect(component.metadata?.graderError, component.reason).toBeUndefined();
  return component;
}

describe('RAG assertions', () => {
  it('context-recall: the share of the expected answer the context supports', async () => {
    const full = await gradeOutput(
      'Paris.',
      { type: 'context-recall', value: 'Paris is the capital of France.', threshold: 0.9 },
      { context: CONTEXT },
    );
    expect(full).toMatchObject({ pass: true, score: 1 });
    const half = await gradeOutput(
      'Paris.',
      { type: 'context-recall', value: 'Paris is the capital of France. Its mayor is Anne Hidalgo.', threshold: 0.9 },
      { context: CONTEXT },
    );
    expect(half.pass).toBe(false);
    expect(half.score).toBe(0.5);
    expect(half.reason).toMatch(/Context recall 0\.50 \(1 of 2\) is less than threshold 0.9/);
  });

  it('context-recall without vars.context checks against the prompt, as promptfoo does', async () => {
    const result = await gradeOutput('x', {
      type: 'context-recall',
      value: 'What is the capital of France?',
      threshold: 1,
    });
    expect(result).toMatchObject({ pass: true, score: 1 });
  });

  it('context-relevance: the share of the context relevant to the query', async () => {
    const focused = await gradeOutput(
      'Paris.',
      { type: 'context-relevance', threshold: 0.9 },
      { context: ['Paris is the capital of France.'] },
    );
    expect(focused.pass).toBe(true);
    const noisy = await gradeOutput('Paris.', { type: 'context-relevance', threshold: 0.5 }, { context: CONTEXT });
    expect(noisy.pass).toBe(false);
    expect(noisy.score).toBeCloseTo(1 / 3);
  });

  it('context-faithfulness: the share of the output the context supports; not- inverts', async () => {
    expect(
      (
        await gradeOutput(
          'Paris is the capital of France.',
          { type: 'context-faithfulness', threshold: 0.9 },
          { context: CONTEXT },
        )
      ).pass,
    ).toBe(true);
    const invented = await gradeOutput(
      'Paris is the capital of France. It has twelve moons orbiting nearby.',
      { type: 'context-faithfulness', threshold: 0.9 },
      { context: CONTEXT },
    );
    expect(invented).toMatchObject({ pass: false, score: 0.5 });
    expect(
      (
        await gradeOutput(
          'Lyon hosts giant moons.',
          { type: 'not-context-faithfulness', threshold: 0.5 },
          { context: CONTEXT },
        )
      ).pass,
    ).toBe(true);
  });

  it('contextTransform reads the retrieved context from the output', async () => {
    const output = { answer: 'Paris is the capital of France.', sources: ['Paris is the capital of France.'] };
    const result = await gradeOutput(output, {
      type: 'context-faithfulness',
      threshold: 0.9,
      contextTransform: 'output.sources',
      transform: 'output.answer',
    } as AssertionDef);
    expect(result).toMatchObject({ pass: true, score: 1 });
    const unsupported = await gradeOutput({ ...output, sources: ['Bananas are rich in potassium.'] }, {
      type: 'context-faithfulness',
      threshold: 0.9,
      contextTransform: 'output.sources',
      transform: 'output.answer',
    } as AssertionDef);
    expect(unsupported.pass).toBe(false);
    const direct = await gradeOutput(output, {
      type: 'context-recall',
      value: 'Paris is the capital of France.',
      threshold: 0.9,
      contextTransform: 'output.sources.join("\\n")',
    } as AssertionDef);
    expect(direct.pass).toBe(true);
  });

  it('conversation-relevance: relevant replies pass, an off-topic reply fails', async () => {
    expect(
      (await gradeOutput('The capital of France is Paris.', { type: 'conversation-relevance', threshold: 1 })).pass,
    ).toBe(true);
    const offTopic = await gradeOutput('I enjoy baking sourdough bread.', {
      type: 'conversation-relevance',
      threshold: 1,
    });
    expect(offTopic).toMatchObject({ pass: false, score: 0 });
  });

  it('a missing context or query is an error that says which var to set', async () => {
    const result = await evaluate(
      {
        env: emulators.env(),
        prompts: ['hi'],
        providers: [{ id: () => 'fixed', callApi: async () => ({ output: 'x' }) }],
        defaultTest: { options: { provider: 'openai:chat:gpt-4o-mini' } },
        tests: [{ vars: { query: 'q' }, assert: [{ type: 'context-faithfulness' }] }],
      },
      { cache: false },
    );
    const row = result.results[0]!;
    expect(JSON.stringify(row)).toMatch(/needs the retrieved context: set vars.context/);
  });

  it('splits sentences and reads verdicts leniently', () => {
    expect(splitSentences('One. Two!\nThree? ')).toEqual(['One.', 'Two!', 'Three?']);
    expect(parseVerdicts('Sure: {"verdicts": [{"item": 2, "verdict": "Yes"}]}', 2)).toEqual([false, true]);
  });
});
