// Every Llama API example in examples/llama-api runs as written against the emulator and gives
// the outcome the documentation describes.

import { expectBothToolCallIdioms } from '../../support/tool-call-idioms.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallContext, ProviderResponse } from '../../../src/providers/types.js';
import { useEmulators } from '../../support/emulators.js';
import { loadExample, renderPrompt } from '../example-config.js';

const EXAMPLES = join(import.meta.dirname, '../../../examples/llama-api');

const emu = useEmulators({ reset: ['llama'] });

const context = (vars: Record<string, unknown>): CallContext => ({
  vars,
  prompt: { raw: '', label: 'p' },
  repeatIndex: 0,
});

/** Runs every prompt × test × provider of the example; providers-only snippets get one plain prompt. */
async function run(name: string): Promise<ProviderResponse[]> {
  const example = await loadExample(join(EXAMPLES, name, 'promptfooconfig.yaml'), emu.env());
  const prompts = example.prompts.length ? example.prompts : ['Tell me a funny joke about programming'];
  const tests = example.tests.length ? example.tests : [{ vars: {} }];
  const results: ProviderResponse[] = [];
  for (const provider of example.providers) {
    for (const prompt of prompts) {
      for (const test of tests) results.push(await provider.call(renderPrompt(prompt, test.vars), context(test.vars)));
    }
  }
  for (const result of results) expect(result.error).toBeUndefined();
  return results;
}

describe('examples/llama-api', () => {
  it('providers: all three ids build and answer; llamaapi:chat: sends the bare model', async () => {
    const results = await run('providers');
    expect(results).toHaveLength(3);
    expect(emu.llama.requests.map((r) => (r.body as { model: string }).model)).toEqual([
      'Llama-4-Maverick-17B-128E-Instruct-FP8',
      'Llama-3.3-70B-Instruct',
      'Llama-3.3-8B-Instruct',
    ]);
  });

  it('provider-options: the options are sent as configured', async () => {
    await run('provider-options');
    expect(emu.llama.requests[0]!.body).toMatchObject({
      temperature: 0.7,
      max_tokens: 1000,
      top_p: 0.9,
      frequency_penalty: 0,
      presence_penalty: 0,
    });
  });

  it('text-generation: the reply contains "quantum"', async () => {
    const [result] = await run('text-generation');
    expect(result!.output).toContain('quantum');
  });

  it('multimodal: the text and image parts reach a Llama 4 model', async () => {
    const [result] = await run('multimodal');
    expect(typeof result!.output).toBe('string');
    const body = emu.llama.requests[0]!.body as { messages: Array<{ content: unknown }> };
    expect(body.messages[0]!.content).toEqual([
      { type: 'text', text: 'What do you see in this image?' },
      { type: 'image_url', image_url: { url: 'https://example.com/image.jpg' } },
    ]);
  });

  it('structured-output: JSON.parse(output).rating is between 1 and 5', async () => {
    const [result] = await run('structured-output');
    const rating = (JSON.parse(String(result!.output)) as { rating: number }).rating;
    expect(rating >= 1 && rating <= 5).toBe(true);
  });

  it('tool-calling: get_weather is called with a New York location', async () => {
    const [result] = await run('tool-calling');
    // The example's own assertions (function-call + output.arguments.location) and promptfoo's idiom.
    const example = await loadExample(join(EXAMPLES, 'tool-calling', 'promptfooconfig.yaml'), emu.env());
    await expectBothToolCallIdioms(result!, example.providers[0]!);
    const output = result!.output as Array<{ function: { name: string; arguments: string } }>;
    expect(output[0]!.function.name).toBe('get_weather');
    expect(JSON.parse(output[0]!.function.arguments).location).toContain('New York');
  });

  it('streaming: the streamed story contains "time"', async () => {
    const [result] = await run('streaming');
    expect(result!.output).toContain('time');
    expect(emu.llama.requests[0]!.headers.accept).toContain('text/event-stream');
  });
});
