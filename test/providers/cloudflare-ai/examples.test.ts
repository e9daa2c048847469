// Every Cloudflare Workers AI example in examples/cloudflare-ai runs as written against the
// emulator (or, for the custom base URL snippet, builds with the URL it names).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS } from '../../../src/emulator/index.js';
import type { CallContext, ProviderResponse } from '../../../src/providers/types.js';
import { useEmulators } from '../../support/emulators.js';
import { loadExample, renderPrompt } from '../example-config.js';

const EXAMPLES = join(import.meta.dirname, '../../../examples/cloudflare-ai');
const file = (name: string) => join(EXAMPLES, name, 'promptfooconfig.yaml');

const emu = useEmulators({ reset: ['cloudflare'] });

const context = (vars: Record<string, unknown>): CallContext => ({
  vars,
  prompt: { raw: '', label: 'p' },
  repeatIndex: 0,
});

/** Chat/completion providers answer each prompt × test; embedding providers embed it. */
async function run(
  name: string,
  extraEnv: Record<string, string> = {},
): Promise<Array<ProviderResponse & { embedding?: number[] }>> {
  const example = await loadExample(file(name), { ...emu.env(), ...extraEnv });
  const prompts = example.prompts.length ? example.prompts : ['Tell me a funny joke about programming'];
  const tests = example.tests.length ? example.tests : [{ vars: {} }];
  const results: Array<ProviderResponse & { embedding?: number[] }> = [];
  for (const provider of example.providers) {
    for (const prompt of prompts) {
      for (const test of tests) {
        const rendered = renderPrompt(prompt, test.vars);
        if (provider.id().startsWith('cloudflare-ai:embedding')) results.push(await provider.embed!(rendered));
        else results.push(await provider.call(rendered, context(test.vars)));
      }
    }
  }
  return results;
}

const bodies = () => emu.cloudflare.requests.map((r) => r.body as Record<string, unknown>);
const paths = () => emu.cloudflare.requests.map((r) => r.path.replace(/^.*\/ai\/v1/, ''));

describe('examples/cloudflare-ai', () => {
  it('quickstart: the joke mentions the topic (icontains "programming")', async () => {
    const [result] = await run('quickstart');
    expect(result!.error).toBeUndefined();
    expect(String(result!.output).toLowerCase()).toContain('programming');
    expect(emu.cloudflare.requests[0]!.credential.kind).toBe('api-key');
  });

  it('custom-env-vars: the key comes from CUSTOM_CLOUDFLARE_KEY when it is set', async () => {
    const custom = {
      CUSTOM_CLOUDFLARE_KEY: EMULATOR_CREDENTIALS.cloudflareApiToken,
      CUSTOM_CLOUDFLARE_ACCOUNT: EMULATOR_CREDENTIALS.cloudflareAccountId,
    };
    const [ok] = await run('custom-env-vars', custom);
    expect(ok!.error).toBeUndefined();
    const [wrong] = await run('custom-env-vars', { ...custom, CUSTOM_CLOUDFLARE_KEY: 'cf-not-the-token-5150' });
    expect(wrong!.error).toMatch(/code: 10000.*check CUSTOM_CLOUDFLARE_KEY/);
    expect(wrong!.error).not.toContain('5150');
  });

  it('chat-models: the three chat models answer on /chat/completions', async () => {
    const results = await run('chat-models');
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
    expect(paths()).toEqual(['/chat/completions', '/chat/completions', '/chat/completions']);
  });

  it('completion-models: both models answer on /completions', async () => {
    const results = await run('completion-models');
    expect(results.every((r) => r.error === undefined && typeof r.output === 'string')).toBe(true);
    expect(paths()).toEqual(['/completions', '/completions']);
  });

  it('embedding-models and embedding-config: vectors of the model widths from /embeddings', async () => {
    const results = [...(await run('embedding-models')), ...(await run('embedding-config'))];
    expect(results.map((r) => r.embedding?.length)).toEqual([768, 1024, 768]);
    expect(paths()).toEqual(['/embeddings', '/embeddings', '/embeddings']);
    expect(bodies()[2]).toEqual({
      input: 'Tell me a funny joke about programming',
      model: '@cf/google/embeddinggemma-300m',
    });
  });

  it('basic-chat: temperature and max_tokens are sent, accountId is not', async () => {
    const [result] = await run('basic-chat');
    expect(result!.error).toBeUndefined();
    expect(bodies()[0]).toMatchObject({
      model: '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b',
      temperature: 0.7,
      max_tokens: 1000,
    });
    expect(bodies()[0]).not.toHaveProperty('accountId');
  });

  it('advanced-multiple-models: chat and completion providers send their own options', async () => {
    const results = await run('advanced-multiple-models');
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(paths()).toEqual(['/chat/completions', '/completions']);
    expect(bodies()[0]).toMatchObject({
      temperature: 0.8,
      max_tokens: 500,
      top_p: 0.9,
      frequency_penalty: 0.1,
      presence_penalty: 0.1,
    });
    expect(bodies()[1]).toMatchObject({ temperature: 0.2, max_tokens: 2000 });
  });

  it('custom-base-url: builds with the apiBaseUrl as written (config-shape example, not called)', async () => {
    const example = await loadExample(file('custom-base-url'), emu.env());
    const [provider] = example.providers;
    expect(provider!.id()).toBe('cloudflare-ai:chat:@cf/openai/gpt-oss-120b');
    expect(provider!.rateLimitKey?.()).toBe(
      'cloudflare-ai:chat:@cf/openai/gpt-oss-120b@api.cloudflare.com/client/v4/accounts/your_account_id/ai/v1',
    );
  });
});
