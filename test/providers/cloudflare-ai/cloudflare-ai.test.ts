import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulators } from '../../../src/emulator/index.js';
import { ConfigError } from '../../../src/errors.js';
import { createProvider } from '../../../src/providers/registry.js';
import type { CallContext, Provider } from '../../../src/providers/types.js';
import { useEmulators } from '../../support/emulators.js';

const emu = useEmulators({ reset: ['cloudflare'], clearKnobs: true });
let env: Record<string, string>;
beforeAll(() => {
  env = emu.env();
});

const context: CallContext = { vars: {}, prompt: { raw: '', label: 'p' }, repeatIndex: 0 };
const CHAT = 'cloudflare-ai:chat:@cf/meta/llama-3.1-8b-instruct';
const build = (
  id: string,
  config: Record<string, unknown> = {},
  extraEnv: Record<string, string | undefined> = {},
): Promise<Provider> => createProvider({ id, config, env: { ...env, ...extraEnv }, basePath: '.' });
const sent = (i = 0) => emu.cloudflare.requests[i]!;
const accountPath = (path: string) => `/client/v4/accounts/${env.CLOUDFLARE_ACCOUNT_ID}/ai/v1${path}`;
/** Env with none of the Cloudflare variables, so only what a test passes counts. */
const bare = {
  CLOUDFLARE_ACCOUNT_ID: undefined,
  CLOUDFLARE_API_KEY: undefined,
  CLOUDFLARE_API_TOKEN: undefined,
  CLOUDFLARE_API_BASE_URL: undefined,
};
const machineHasCloudflareEnv = [
  'CLOUDFLARE_ACCOUNT_ID',
  'CLOUDFLARE_API_KEY',
  'CLOUDFLARE_API_TOKEN',
  'CLOUDFLARE_API_BASE_URL',
].some((n) => process.env[n]);

describe('cloudflare-ai ids', () => {
  it('builds chat, completion, embedding and embeddings providers; the model keeps its colons; the id stays as written', async () => {
    for (const type of ['chat', 'completion', 'embedding', 'embeddings']) {
      const provider = await build(`cloudflare-ai:${type}:@cf/meta/llama-3:latest`);
      expect(provider.id()).toBe(`cloudflare-ai:${type}:@cf/meta/llama-3:latest`);
      expect(provider.cacheable).toBe(true);
    }
    const labelled = await createProvider({ id: CHAT, label: 'cf small', config: {}, env, basePath: '.' });
    expect(labelled.label).toBe('cf small');
    expect((await build('cloudflare-ai:embedding:@cf/baai/bge-large-en-v1.5')).embed).toBeTypeOf('function');
  });

  it('rejects an unknown type or a missing model with the forms to use', async () => {
    await expect(build('cloudflare-ai:assistant:@cf/x')).rejects.toThrow(
      /Unknown Cloudflare AI model type "assistant".*cloudflare-ai:chat:<model>/,
    );
    await expect(build('cloudflare-ai:chat:')).rejects.toThrow(/names no model/);
    await expect(build('cloudflare-ai:@cf/meta/llama-3.1-8b-instruct')).rejects.toThrow(ConfigError);
  });
});

describe('cloudflare-ai credentials and base URL', () => {
  it.skipIf(machineHasCloudflareEnv)(
    'missing token or account: ConfigError naming the variables, token first',
    async () => {
      await expect(build(CHAT, {}, bare)).rejects.toThrow(
        /Cloudflare API token required.*CLOUDFLARE_API_KEY \(or CLOUDFLARE_API_TOKEN\)/,
      );
      await expect(build(CHAT, { apiKeyEnvar: 'CUSTOM_CLOUDFLARE_KEY', accountId: 'a' }, bare)).rejects.toThrow(
        /CUSTOM_CLOUDFLARE_KEY/,
      );
      await expect(build(CHAT, {}, { ...bare, CLOUDFLARE_API_KEY: 'k' })).rejects.toThrow(
        /Cloudflare account ID required.*accountId.*CLOUDFLARE_ACCOUNT_ID/,
      );
      await expect(
        build(CHAT, { accountIdEnvar: 'CUSTOM_CLOUDFLARE_ACCOUNT' }, { ...bare, CLOUDFLARE_API_KEY: 'k' }),
      ).rejects.toThrow(/CUSTOM_CLOUDFLARE_ACCOUNT/);
    },
  );

  it.skipIf(machineHasCloudflareEnv)(
    'defaults to api.cloudflare.com/client/v4/accounts/<id>/ai/v1; accepts CLOUDFLARE_API_TOKEN and custom variable names',
    async () => {
      const byToken = await build(CHAT, { accountId: 'acc123' }, { ...bare, CLOUDFLARE_API_TOKEN: 'tok-secret-1' });
      expect(byToken.rateLimitKey?.()).toBe(`${CHAT}@api.cloudflare.com/client/v4/accounts/acc123/ai/v1`);
      const custom = await build(
        CHAT,
        { apiKeyEnvar: 'CUSTOM_CLOUDFLARE_KEY', accountIdEnvar: 'CUSTOM_CLOUDFLARE_ACCOUNT' },
        { ...bare, CUSTOM_CLOUDFLARE_KEY: 'tok-secret-2', CUSTOM_CLOUDFLARE_ACCOUNT: 'acc456' },
      );
      expect(custom.rateLimitKey?.()).toBe(`${CHAT}@api.cloudflare.com/client/v4/accounts/acc456/ai/v1`);
      expect(custom.rateLimitKey?.()).not.toContain('tok-secret');
    },
  );

  it('apiBaseUrl from config is used as given (the seed example), over CLOUDFLARE_API_BASE_URL', async () => {
    const provider = await build('cloudflare-ai:chat:@cf/openai/gpt-oss-120b', {
      accountId: 'your_account_id_here',
      apiBaseUrl: 'https://api.cloudflare.com/client/v4/accounts/your_account_id/ai/v1',
    });
    expect(provider.rateLimitKey?.()).toBe(
      'cloudflare-ai:chat:@cf/openai/gpt-oss-120b@api.cloudflare.com/client/v4/accounts/your_account_id/ai/v1',
    );
  });

  it('CLOUDFLARE_API_BASE_URL points every type at its endpoint with the Bearer token', async () => {
    const chat = await build(CHAT, { accountId: 'your_account_id_here' });
    expect((await chat.call('Tell me a funny joke about programming', context)).output).toMatch(/programming/);
    const completion = await build('cloudflare-ai:completion:@cf/qwen/qwen2.5-coder-32b-instruct', {
      temperature: 0.2,
      max_tokens: 2000,
    });
    const completed = await completion.call('def fibonacci(n):', context);
    expect(completed.error).toBeUndefined();
    expect(typeof completed.output).toBe('string');
    const embedder = await build('cloudflare-ai:embedding:@cf/google/embeddinggemma-300m');
    const embedded = await embedder.embed!('the quick brown fox');
    expect(embedded.embedding).toHaveLength(768);
    expect(emu.cloudflare.requests.map((r) => [r.path, r.credential.kind])).toEqual([
      [accountPath('/chat/completions'), 'api-key'],
      [accountPath('/completions'), 'api-key'],
      [accountPath('/embeddings'), 'api-key'],
    ]);
    expect(sent(1).body).toMatchObject({
      model: '@cf/qwen/qwen2.5-coder-32b-instruct',
      prompt: 'def fibonacci(n):',
      temperature: 0.2,
      max_tokens: 2000,
    });
    expect(sent(2).body).toEqual({ input: 'the quick brown fox', model: '@cf/google/embeddinggemma-300m' });
  });
});

describe('cloudflare-ai request body', () => {
  it('sends sampling options and unknown keys (top_k, seed, custom) but no account, key, base URL or basePath', async () => {
    const provider = await build(CHAT, {
      accountId: 'your_account_id_here',
      apiKeyEnvar: 'CLOUDFLARE_API_KEY',
      apiBaseUrl: `${emu.cloudflare.url}/client/v4/accounts/your_account_id_here/ai/v1`,
      basePath: '/somewhere',
      temperature: 0.8,
      max_tokens: 500,
      top_p: 0.9,
      frequency_penalty: 0.1,
      presence_penalty: 0.1,
      seed: 12345,
      top_k: 5,
      repetition_penalty: 1.1,
      custom_param: 'custom_value',
      timeoutMs: 60_000,
    });
    expect((await provider.call('hello', context)).error).toBeUndefined();
    const body = sent().body as Record<string, unknown>;
    expect(sent().path).toBe('/client/v4/accounts/your_account_id_here/ai/v1/chat/completions');
    expect(body).toMatchObject({
      model: '@cf/meta/llama-3.1-8b-instruct',
      temperature: 0.8,
      max_tokens: 500,
      top_p: 0.9,
      frequency_penalty: 0.1,
      presence_penalty: 0.1,
      seed: 12345,
      top_k: 5,
      repetition_penalty: 1.1,
      custom_param: 'custom_value',
    });
    for (const key of [
      'accountId',
      'accountIdEnvar',
      'apiKey',
      'apiKeyEnvar',
      'apiBaseUrl',
      'basePath',
      'passthrough',
      'timeoutMs',
    ])
      expect(body).not.toHaveProperty(key);
  });
});

describe('cloudflare-ai errors', () => {
  it('7003 (wrong account): check the account id', async () => {
    const provider = await build(
      CHAT,
      {},
      { CLOUDFLARE_API_BASE_URL: `${emu.cloudflare.url}/client/v4/accounts/not-my-account/ai/v1` },
    );
    const result = await provider.call('hi', context);
    expect(result.error).toMatch(
      /^Cloudflare Workers AI API error: HTTP 404 Not Found from 127\.0\.0\.1:\d+\/client\/v4\/accounts\/not-my-account\/ai\/v1\/chat\/completions: Could not route to .* \(code: 7003\)/,
    );
    expect(result.error).toMatch(
      /check the account id in CLOUDFLARE_API_BASE_URL \(or unset it and use CLOUDFLARE_ACCOUNT_ID \/ accountId\)/,
    );
  });

  it('10000 (bad token): check CLOUDFLARE_API_KEY, token not shown', async () => {
    const provider = await build(CHAT, { apiKey: 'cf-wrong-token-31337' });
    const result = await provider.call('hi', context);
    expect(result.error).toMatch(
      /^Cloudflare Workers AI API error: HTTP 403 Forbidden from 127\.0\.0\.1:\d+\/client\/v4\/accounts\/[^/]+\/ai\/v1\/chat\/completions: Authentication error \(code: 10000\)/,
    );
    expect(result.error).toMatch(/check CLOUDFLARE_API_KEY/);
    expect(result.metadata?.requestId).toMatch(/^[0-9a-f]{16}-EMU$/);
    expect(result.error).toContain(`[request id: ${result.metadata?.requestId}]`);
    expect(result.error).not.toContain('31337');
    expect(emu.cloudflare.requests).toHaveLength(1);
  });

  it('5007 (unknown model): check the model name in the Workers AI catalog', async () => {
    const result = await (await build('cloudflare-ai:chat:@cf/meta/llama-99-imaginary')).call('hi', context);
    expect(result.error).toMatch(/No such model @cf\/meta\/llama-99-imaginary or task \(code: 5007\)/);
    expect(result.error).toMatch(/check the model name in the Workers AI catalog/i);
  });

  it('3040 (capacity) is retried; with retries off it says so', async () => {
    emu.cloudflare.setKnobs({ rpm: 1 });
    const provider = await build(CHAT, { maxRetries: 0 });
    await provider.call('one', context);
    const result = await provider.call('two', context);
    expect(result.error).toMatch(/HTTP 429 .*\(code: 3040\)/);
    expect(result.error).toMatch(/out of capacity/);
  });

  it('3036 (daily quota used up) is not retried', async () => {
    const quota = await startEmulators({ cloudflare: { dailyTokenQuota: 1 } });
    try {
      const provider = await createProvider({ id: CHAT, config: {}, env: quota.env(), basePath: '.' });
      expect((await provider.call('uses the whole quota', context)).error).toBeUndefined();
      const result = await provider.call('one more', context);
      expect(result.error).toMatch(/HTTP 429 .*\(code: 3036\)/);
      expect(result.error).toMatch(/daily free allocation .* used up; not retried/);
      expect(quota.cloudflare.requests.map((r) => r.status)).toEqual([200, 429]);
    } finally {
      await quota.close();
    }
  });
});

describe('cloudflare-ai error envelope inside a 200 reply', () => {
  // Cloudflare (and gateways in front of it) sometimes answer 200 with {success:false, errors}.
  let server: Server;
  let baseUrl: string;
  let reply: unknown;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'cf-ray': 'ray-42' });
      res.end(JSON.stringify(reply));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4/accounts/acct/ai/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    ['7003', 'Could not route to /client/v4/accounts/acct/ai/v1/chat/completions', /check the account id/],
    ['10000', 'Authentication error', /Authentication failed: check CLOUDFLARE_API_KEY/],
    [
      '3036',
      'You have used up your daily free allocation of 10,000 neurons',
      /daily free allocation of neurons is used up/,
    ],
    ['3040', 'Capacity temporarily exceeded', /out of capacity/],
    ['5007', 'No such model @cf/x or task', /Workers AI catalog/],
  ])('code %s keeps its hint, the code and the request id', async (code, message, hint) => {
    reply = { result: null, success: false, errors: [{ code: Number(code), message }], messages: [] };
    const provider = await build(CHAT, { apiBaseUrl: baseUrl, apiKey: 'cf-secret-token-8675309' });
    const result = await provider.call('hi', context);
    expect(result.output).toBeUndefined();
    expect(result.error).toContain(message);
    expect(result.error).toContain(`(code: ${code})`);
    expect(result.error).toContain('[request id: ray-42]');
    expect(result.error).toMatch(
      /from 127\.0\.0\.1:\d+\/client\/v4\/accounts\/acct\/ai\/v1\/chat\/completions carried an error/,
    );
    expect(result.error).toMatch(hint);
    expect(result.error).not.toContain('8675309');
  });
});
