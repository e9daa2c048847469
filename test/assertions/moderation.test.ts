// moderation: outputs go to the emulated OpenAI /v1/moderations (the default moderation provider
// when OPENAI_API_KEY is set); flagged outputs fail, clean ones pass, `value` limits categories.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moderationReply } from '../../src/emulator/apis/openai-moderation.js';
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

async function gradeOutput(output: string, assertion: AssertionDef) {
  const result = await evaluate(
    {
      env: emulators.env(),
      prompts: ['p'],
      providers: [{ id: () => 'fixed', callApi: async () => ({ output }) }],
      // A text grader is configured; moderation must still use a moderation provider.
      defaultTest: { options: { provider: 'openai:chat:gpt-4o-mini' } },
      tests: [{ assert: [assertion] }],
    },
    { cache: false },
  );
  return result.results[0]!.gradingResult!.componentResults![0]!;
}

describe('moderation', () => {
  it('passes a clean output and fails a flagged one with the categories', async () => {
    expect(await gradeOutput('Have a lovely day in the park.', { type: 'moderation' })).toMatchObject({
      pass: true,
      reason: 'No moderation flags detected',
    });
    const flagged = await gradeOutput('I will kill them all.', { type: 'moderation' });
    expect(flagged.pass).toBe(false);
    expect(flagged.reason).toBe('Moderation flags detected: violence');
    const requests = emulators.openai.requests.filter((r) => r.path === '/v1/moderations');
    expect(requests.length).toBeGreaterThanOrEqual(2);
  });

  it('value limits the check to the listed categories; not-moderation inverts', async () => {
    expect(
      (await gradeOutput('I will kill them all.', { type: 'moderation', value: ['harassment', 'hate'] })).pass,
    ).toBe(true);
    expect((await gradeOutput('I will kill them all.', { type: 'moderation', value: ['violence'] })).pass).toBe(false);
    expect((await gradeOutput('I will kill them all.', { type: 'not-moderation' })).pass).toBe(true);
  });

  it('an explicit provider is used; a provider that is not a moderator fails with the reason', async () => {
    expect(
      (await gradeOutput('hello', { type: 'moderation', provider: 'openai:moderation:text-moderation-latest' })).pass,
    ).toBe(true);
    const wrong = await gradeOutput('hello', { type: 'moderation', provider: 'openai:chat:gpt-4o-mini' });
    expect(wrong.pass).toBe(false);
    expect(wrong.reason).toMatch(/returned no categories/);
  });

  it('the emulator answers in the real shape and rejects unknown models', () => {
    const reply = moderationReply({ input: ['fine', 'murder'] });
    expect(reply).toMatchObject({
      ok: true,
      value: {
        model: 'omni-moderation-2024-09-26',
        results: [{ flagged: false }, { flagged: true, categories: { violence: true } }],
      },
    });
    expect(moderationReply({ input: 'x', model: 'gpt-4o' })).toMatchObject({ ok: false, param: 'model' });
  });
});
