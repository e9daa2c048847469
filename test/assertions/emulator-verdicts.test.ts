// The default grader prompts, sent to the emulator's deterministic grader through evaluate():
// each model-graded assertion must both pass and fail on real verdicts, not on unreadable replies.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Grades the fixed `output` with one assertion, graded by a Databricks endpoint of the emulator. */
async function gradeOutput(output: string, assertion: AssertionDef, vars: Record<string, string> = {}) {
  const result = await evaluate(
    {
      env: emulators.env(),
      prompts: ['What is the capital of France?'],
      providers: [{ id: () => 'fixed', callApi: async () => ({ output }) }],
      defaultTest: {
        options: {
          provider: { id: 'databricks:databricks-meta-llama-3-3-70b-instruct', config: { isPayPerToken: true } },
        },
      },
      tests: [{ vars, assert: [assertion] }],
    },
    { cache: false },
  );
  const component = result.results[0]!.gradingResult!.componentResults![0]!;
  expect(component.metadata?.graderError, component.reason).toBeUndefined();
  return component;
}

describe('default grader prompts get real verdicts from the emulator', () => {
  it('llm-rubric', async () => {
    expect(
      (await gradeOutput('Paris is the capital of France.', { type: 'llm-rubric', value: 'Mentions Paris' })).pass,
    ).toBe(true);
    expect(
      (await gradeOutput('Berlin is the capital of Germany.', { type: 'llm-rubric', value: 'Mentions Paris' })).pass,
    ).toBe(false);
  });

  it('llm-rubric with a rubricPrompt override: text, or chat messages', async () => {
    const text =
      'Grade the output against the rubric and reply with JSON {"reason", "pass", "score"}.\n<Output>{{ output }}</Output>\n<Rubric>{{ rubric }}</Rubric>';
    expect(
      (await gradeOutput('Paris it is.', { type: 'llm-rubric', value: 'Mentions Paris', rubricPrompt: text })).pass,
    ).toBe(true);
    const messages = [
      {
        role: 'system',
        content: 'You judge outputs. Reply with JSON {"reason": string, "pass": boolean, "score": number}.',
      },
      { role: 'user', content: '<Output>{{ output }}</Output>\n<Rubric>{{ rubric }} and mentions {{ city }}</Rubric>' },
    ];
    const custom = await gradeOutput(
      'Paris it is.',
      { type: 'llm-rubric', value: 'Mentions Paris', rubricPrompt: messages },
      { city: 'Lyon' },
    );
    expect(custom.pass).toBe(false);
    expect(custom.reason).toMatch(/Lyon/);
  });

  it('a rubricPrompt the grader does not answer with a verdict fails the assertion with the reply', async () => {
    const result = await evaluate(
      {
        env: emulators.env(),
        prompts: ['Capital of France?'],
        providers: [{ id: () => 'fixed', callApi: async () => ({ output: 'Paris' }) }],
        defaultTest: { options: { provider: 'databricks:databricks-meta-llama-3-3-70b-instruct' } },
        tests: [
          {
            assert: [{ type: 'llm-rubric', value: 'Mentions Paris', rubricPrompt: 'Write a haiku about {{ output }}' }],
          },
          { assert: [{ type: 'llm-rubric', value: 'Mentions Paris' }] },
        ],
      },
      { cache: false },
    );
    expect(result.results[0]!.success).toBe(false);
    expect(result.results[0]!.error).toMatch(/Could not find a JSON verdict.*haiku/);
    expect(result.results[1]!.success).toBe(true);
  });

  it('model-graded-closedqa', async () => {
    const yes = await gradeOutput('Paris is the capital of France.', {
      type: 'model-graded-closedqa',
      value: 'mentions Paris',
    });
    expect(yes.pass, yes.reason).toBe(true);
    const no = await gradeOutput('Berlin is the capital of Germany.', {
      type: 'model-graded-closedqa',
      value: 'mentions Paris',
    });
    expect(no.pass).toBe(false);
    expect(no.reason).toMatch(/missing "Paris"/);
  });

  it('factuality', async () => {
    const same = await gradeOutput('Paris is the capital of France.', {
      type: 'factuality',
      value: 'The capital of France is Paris.',
    });
    expect(same.pass, same.reason).toBe(true);
    expect(same.metadata?.factualityCategory).toBe('C');
    const wrong = await gradeOutput('Berlin, obviously.', {
      type: 'factuality',
      value: 'The capital of France is Paris.',
    });
    expect(wrong.pass).toBe(false);
    expect(wrong.metadata?.factualityCategory).toBe('D');
  });

  it('answer-relevance (questions from the grader, embeddings from a Databricks embedding endpoint)', async () => {
    const options = {
      provider: {
        text: { id: 'databricks:databricks-meta-llama-3-3-70b-instruct', config: { isPayPerToken: true } },
        embedding: 'databricks:embedding:databricks-gte-large-en',
      },
    };
    const relevant = await gradeOutput('Paris is the capital of France.', {
      type: 'answer-relevance',
      provider: options.provider,
    });
    expect(relevant.pass, relevant.reason).toBe(true);
    expect(relevant.metadata?.generatedQuestions).toHaveLength(3);
    const offTopic = await gradeOutput('Bananas are yellow and rich in potassium.', {
      type: 'answer-relevance',
      provider: options.provider,
    });
    expect(offTopic.pass).toBe(false);
    expect(offTopic.reason).toMatch(/less than threshold 0.7/);
  });

  it('g-eval', async () => {
    const good = await gradeOutput('Paris is the capital of France.', { type: 'g-eval', value: 'mentions Paris' });
    expect(good.pass, good.reason).toBe(true);
    expect(good.score).toBe(1);
    const bad = await gradeOutput('Berlin is the capital of Germany.', { type: 'g-eval', value: 'mentions Paris' });
    expect(bad.pass).toBe(false);
    expect(bad.score).toBe(0);
  });
});
