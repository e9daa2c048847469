// The two ways users check a tool-call reply, graded by the real assertions: promptfoo's array
// idiom and the Llama API seed's `function-call` + `output.arguments.location`. Shared by the
// provider tests so every OpenAI-compatible provider is held to both on the same reply.

import { expect } from 'vitest';
import { runAssertions } from '../../src/assertions/engine/run-assertions.js';
import type { Provider, ProviderResponse } from '../../src/providers/types.js';
import type { AssertionSpec } from '../../src/suite/types.js';
import { noGraders } from '../assertions/grade.js';

/** promptfoo users' assertion on a get_weather call, verbatim. */
export const PROMPTFOO_IDIOM =
  "Array.isArray(output) && output[0].function.name === 'get_weather' && JSON.parse(output[0].function.arguments).location.includes('New York')";
/** The Llama API seed's checks, verbatim. */
export const SEED_IDIOM: AssertionSpec[] = [
  { type: 'function-call', value: 'get_weather' },
  { type: 'javascript', value: "output.arguments.location.includes('New York')" },
];

/** Grades the reply with both idioms plus OpenAI's tools validator; every check must pass. */
export async function expectBothToolCallIdioms(response: ProviderResponse, provider: Provider): Promise<void> {
  expect(response.error).toBeUndefined();
  const assert: AssertionSpec[] = [
    { type: 'javascript', value: PROMPTFOO_IDIOM },
    ...SEED_IDIOM,
    { type: 'is-valid-openai-tools-call' },
  ];
  const grading = await runAssertions({
    test: { vars: {}, assert },
    output: response.output,
    providerResponse: response,
    prompt: 'weather',
    vars: {},
    basePath: process.cwd(),
    graders: noGraders,
    provider,
  });
  expect(grading.componentResults!.map((r) => `${r.pass} ${r.reason}`)).toEqual(
    assert.map(() => expect.stringMatching(/^true /)),
  );
  // What result files and the cache hold: promptfoo's plain array of wire calls, nothing else.
  expect(Array.isArray(response.output)).toBe(true);
  const plain = JSON.parse(JSON.stringify(response.output)) as Array<Record<string, unknown>>;
  expect(plain[0]).toEqual({
    ...(plain[0]!.id ? { id: plain[0]!.id } : {}),
    type: 'function',
    function: { name: 'get_weather', arguments: expect.any(String) },
  });
}
