import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { createProvider } from '../../../src/providers/registry.js';
import type { CallContext, Provider } from '../../../src/providers/types.js';
import { useEmulators } from '../../support/emulators.js';

const emu = useEmulators({ reset: ['llama'], clearKnobs: true });
let env: Record<string, string>;
beforeAll(() => {
  env = emu.env();
});

const context: CallContext = { vars: {}, prompt: { raw: '', label: 'p' }, repeatIndex: 0 };
const build = (
  id: string,
  config: Record<string, unknown> = {},
  extraEnv: Record<string, string | undefined> = {},
): Promise<Provider> => createProvider({ id, config, env: { ...env, ...extraEnv }, basePath: '.' });
const sent = (i = 0) => emu.llama.requests[i]!;

describe('llamaapi provider: identity and connection', () => {
  it('takes the model from llamaapi:<model> and llamaapi:chat:<model>, keeping the id and label as written', async () => {
    const plain = await build('llamaapi:Llama-3.3-70B-Instruct');
    const chat = await createProvider({
      id: 'llamaapi:chat:Llama-3.3-8B-Instruct',
      label: 'small llama',
      config: {},
      env,
      basePath: '.',
    });
    expect(plain.id()).toBe('llamaapi:Llama-3.3-70B-Instruct');
    expect(chat.id()).toBe('llamaapi:chat:Llama-3.3-8B-Instruct');
    expect(chat.label).toBe('small llama');
    expect(plain.cacheable).toBe(true);
    await chat.call('hi', context);
    expect(sent().path).toBe('/compat/v1/chat/completions');
    expect(sent().body).toMatchObject({ model: 'Llama-3.3-8B-Instruct' });
  });

  it('defaults to https://api.llama.com/compat/v1; apiBaseUrl or LLAMA_API_BASE_URL replace it; the limit key holds no key', async () => {
    const remote = await build('llamaapi:Llama-3.3-70B-Instruct', {}, { LLAMA_API_BASE_URL: undefined });
    if (!process.env.LLAMA_API_BASE_URL)
      expect(remote.rateLimitKey?.()).toBe('llamaapi:Llama-3.3-70B-Instruct@api.llama.com/compat/v1');
    expect(remote.rateLimitKey?.()).not.toContain(env.LLAMA_API_KEY);

    const viaConfig = await build(
      'llamaapi:Llama-3.3-70B-Instruct',
      { apiBaseUrl: `${emu.llama.url}/compat/v1` },
      { LLAMA_API_BASE_URL: 'https://unused.example.com/v1' },
    );
    expect((await viaConfig.call('hi', context)).error).toBeUndefined();
    expect(sent().path).toBe('/compat/v1/chat/completions');
    expect(sent().credential.kind).toBe('api-key');
  });

  it('fails at build time without a key, naming LLAMA_API_KEY (or the apiKeyEnvar variable)', async () => {
    const noKey = { LLAMA_API_KEY: undefined };
    if (process.env.LLAMA_API_KEY) return; // the machine's own key would be used
    await expect(build('llamaapi:Llama-3.3-70B-Instruct', {}, noKey)).rejects.toThrow(ConfigError);
    await expect(build('llamaapi:Llama-3.3-70B-Instruct', {}, noKey)).rejects.toThrow(/LLAMA_API_KEY/);
    await expect(build('llamaapi:Llama-3.3-70B-Instruct', { apiKeyEnvar: 'MY_LLAMA_KEY' }, noKey)).rejects.toThrow(
      /MY_LLAMA_KEY/,
    );
    const custom = await build(
      'llamaapi:Llama-3.3-70B-Instruct',
      { apiKeyEnvar: 'MY_LLAMA_KEY' },
      { ...noKey, MY_LLAMA_KEY: env.LLAMA_API_KEY },
    );
    expect((await custom.call('hi', context)).error).toBeUndefined();
    await expect(build('llamaapi:', {})).rejects.toThrow(/names no model/);
  });
});

describe('llamaapi provider: options and replies', () => {
  it('sends the seed options and keeps the x-ratelimit-* headers in metadata.rateLimit', async () => {
    const provider = await build('llamaapi:Llama-4-Maverick-17B-128E-Instruct-FP8', {
      temperature: 0.7,
      max_tokens: 1000,
      top_p: 0.9,
      frequency_penalty: 0,
      presence_penalty: 0,
      stream: false,
    });
    const result = await provider.call('Explain quantum computing in simple terms', context);
    expect(result.output).toContain('quantum');
    expect(sent().body).toMatchObject({
      temperature: 0.7,
      max_tokens: 1000,
      top_p: 0.9,
      frequency_penalty: 0,
      presence_penalty: 0,
    });
    expect(sent().body).not.toHaveProperty('stream');
    const rateLimit = result.metadata?.rateLimit ?? {};
    expect(Number(rateLimit['x-ratelimit-limit-requests'])).toBe(3000);
    expect(Number(rateLimit['x-ratelimit-limit-tokens'])).toBe(1_000_000);
    expect(rateLimit['x-ratelimit-remaining-requests']).toBeDefined();
    expect(rateLimit['x-ratelimit-remaining-tokens']).toBeDefined();
  });

  it('streams with Accept: text/event-stream and assembles the text', async () => {
    const provider = await build('llamaapi:Llama-3.3-8B-Instruct', { stream: true, temperature: 0.7 });
    const result = await provider.call('Write a short story about time travel', context);
    expect(result.error).toBeUndefined();
    expect(result.output).toContain('time');
    expect(sent().headers.accept).toContain('text/event-stream');
    expect(sent().body).toMatchObject({ stream: true });
  });

  it('returns json_schema replies as JSON text that satisfies the schema', async () => {
    const provider = await build('llamaapi:Llama-4-Maverick-17B-128E-Instruct-FP8', {
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'product_review',
          schema: {
            type: 'object',
            properties: { rating: { type: 'number', minimum: 1, maximum: 5 }, summary: { type: 'string' } },
            required: ['rating', 'summary'],
          },
        },
      },
    });
    const result = await provider.call('Review this product: Wireless headphones', context);
    const parsed = JSON.parse(String(result.output)) as { rating: number; summary: string };
    expect(parsed.rating).toBeGreaterThanOrEqual(1);
    expect(parsed.rating).toBeLessThanOrEqual(5);
    expect(typeof parsed.summary).toBe('string');
  });
});

describe('llamaapi provider: errors say what to fix', () => {
  it('401: tells the user to check LLAMA_API_KEY and never shows the key', async () => {
    const wrong = 'LLM|definitely-wrong-key-4242';
    const provider = await build('llamaapi:Llama-3.3-70B-Instruct', {}, { LLAMA_API_KEY: wrong });
    const result = await provider.call('hi', context);
    expect(result.error).toMatch(
      /^Meta Llama API error: HTTP 401 Unauthorized from 127\.0\.0\.1:\d+\/compat\/v1\/chat\/completions: Invalid or missing API key\. \(type: invalid_request_error, code: invalid_api_key\)/,
    );
    expect(result.error).toMatch(/Check LLAMA_API_KEY/);
    expect(result.metadata?.requestId).toMatch(/^llama-req-\d{8}$/);
    expect(result.error).toContain(`[request id: ${result.metadata?.requestId}]`);
    expect(result.error).not.toContain(wrong);
    expect(result.error).not.toContain('4242');
  });

  it('unknown model: asks to check the model name and lists the known models', async () => {
    const provider = await build('llamaapi:Llama-5-Imaginary');
    const result = await provider.call('hi', context);
    expect(result.error).toMatch(/HTTP 404/);
    expect(result.error).toMatch(/Model not found: Llama-5-Imaginary/);
    expect(result.error).toMatch(/Check the model name.*known models: .*Llama-4-Maverick-17B-128E-Instruct-FP8/);
  });

  it('429 after retries: says the limit is per team and keeps the rate-limit headers for the runner', async () => {
    emu.llama.setKnobs({ rpm: 1 });
    const provider = await build('llamaapi:Llama-3.3-70B-Instruct', { maxRetries: 0 });
    expect((await provider.call('one', context)).error).toBeUndefined();
    const limited = await provider.call('two', context);
    expect(limited.error).toMatch(/HTTP 429 Too Many Requests/);
    expect(limited.error).toMatch(/Rate limit reached \(limits apply per team/);
    expect(limited.metadata?.http?.status).toBe(429);
    expect(limited.metadata?.rateLimit?.['x-ratelimit-remaining-requests']).toBe('0');
    expect(limited.metadata?.rateLimit?.['retry-after']).toBeDefined();
  });
});
