// Top-level `logprobs` / `top_logprobs` in a provider's config reach the chat body of each
// OpenAI-compatible family, the emulator answers with token log-probs, and perplexity can use them.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/index.js';
import { createProvider } from '../../../src/providers/registry.js';
import type { CallContext } from '../../../src/providers/types.js';
import { useEmulators } from '../../support/emulators.js';

const emu = useEmulators();

const context: CallContext = { vars: {}, prompt: { raw: '', label: 'p' }, repeatIndex: 0 };

const families = [
  { id: 'openai:chat:gpt-4o-mini', server: () => emu.openai },
  { id: 'llamaapi:Llama-3.3-70B-Instruct', server: () => emu.llama },
  { id: 'cloudflare-ai:chat:@cf/meta/llama-3.1-8b-instruct', server: () => emu.cloudflare },
  { id: 'databricks:databricks-meta-llama-3-3-70b-instruct', server: () => emu.databricks },
];

describe('logprobs in the provider config', () => {
  it.each(families)('$id sends logprobs and top_logprobs and returns logProbs', async ({ id, server }) => {
    server().reset();
    const provider = await createProvider({
      id,
      config: { logprobs: true, top_logprobs: 2 },
      env: emu.env(),
      basePath: '.',
    });
    for (const stream of [false, true]) {
      const result = await provider.call('Name the capital of France', {
        ...context,
        prompt: { ...context.prompt, config: { stream } },
      });
      expect(result.error).toBeUndefined();
      expect(result.logProbs?.length).toBeGreaterThan(0);
      expect(result.logProbs!.every((p) => p <= 0)).toBe(true);
    }
    const sent = server()
      .requests.filter((r) => r.method === 'POST')
      .map((r) => r.body);
    expect(sent).toHaveLength(2);
    for (const body of sent) expect(body).toMatchObject({ logprobs: true, top_logprobs: 2 });
  });

  it('a streamed reply carries the same log-probs as a whole one', async () => {
    const provider = await createProvider({
      id: 'openai:chat:gpt-4o-mini',
      config: { logprobs: true },
      env: emu.env(),
      basePath: '.',
    });
    const whole = await provider.call('Explain tides briefly', context);
    const streamed = await provider.call('Explain tides briefly', {
      ...context,
      prompt: { ...context.prompt, config: { stream: true } },
    });
    expect(streamed.output).toBe(whole.output);
    expect(streamed.logProbs).toEqual(whole.logProbs);
  });

  it('without logprobs in the config, none are asked for or returned', async () => {
    emu.openai.reset();
    const provider = await createProvider({ id: 'openai:chat:gpt-4o-mini', config: {}, env: emu.env(), basePath: '.' });
    const result = await provider.call('hi', context);
    expect(result.logProbs).toBeUndefined();
    expect(emu.openai.requests[0]!.body).not.toHaveProperty('logprobs');
  });

  it('perplexity passes end to end with logprobs: true against the emulator', async () => {
    const result = await evaluate(
      {
        env: emu.env(),
        prompts: ['Capital of France?'],
        providers: [{ id: 'openai:chat:gpt-4o-mini', config: { logprobs: true } }],
        tests: [
          {
            assert: [
              { type: 'perplexity', threshold: 20 },
              { type: 'perplexity-score', threshold: 0.01 },
            ],
          },
        ],
      },
      { cache: false },
    );
    const [perplexity, score] = result.results[0]!.gradingResult!.componentResults!;
    expect(perplexity!.pass, perplexity!.reason).toBe(true);
    expect(score!.pass, score!.reason).toBe(true);
  });
});
