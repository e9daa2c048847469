// The response cache keys on what was actually sent, keeps its files private, and refuses
// entries it should never serve (errors, empty outputs, timestamps from the future).
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvider } from '../../src/providers/registry.js';
import { closeDispatchers } from '../../src/providers/transport/index.js';
import { ResponseCache } from '../../src/runner/cache.js';
import { callProvider } from '../../src/runner/call-provider.js';
import { embedWithServices } from '../../src/runner/call-embedding.js';
import { RateLimitRegistry } from '../../src/runner/rate-limiter.js';
import { startOpenAiServer, type TestServer } from '../support/openai-server.js';
import { tempDir } from '../support/cli.js';

let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  a = await startOpenAiServer();
  b = await startOpenAiServer();
});
afterAll(async () => {
  await closeDispatchers();
  await a.close();
  await b.close();
});

const services = () => ({
  cache: new ResponseCache(join(tempDir(), 'cache')),
  limits: new RateLimitRegistry(4),
  cacheRepeatsApart: false,
});
const context = { vars: {}, prompt: { raw: 'hi', label: 'hi' }, repeatIndex: 0 };
const build = (id: string, env: Record<string, string>) =>
  createProvider({ id, config: {}, env: { OPENAI_API_KEY: 'sk-test-cache', ...env }, basePath: process.cwd() });

describe('cache keys are the request as sent', () => {
  it('embeddings from two endpoints (same provider id and config, base URL from the env) are not shared', async () => {
    const s = services();
    const fromA = await build('openai:embedding:text-embedding-3-small', { OPENAI_BASE_URL: a.baseUrl });
    const fromB = await build('openai:embedding:text-embedding-3-small', { OPENAI_BASE_URL: b.baseUrl });
    await embedWithServices(fromA, 'same text', s);
    const second = await embedWithServices(fromB, 'same text', s);
    expect(second.cached).toBeFalsy();
    expect(b.requests.filter((r) => r.path.endsWith('/embeddings'))).toHaveLength(1);
    expect((await embedWithServices(fromA, 'same text', s)).cached).toBe(true);
  });

  it('a request parameter taken from the environment (OPENAI_MAX_TOKENS) is part of the key', async () => {
    const s = services();
    const ten = await build('openai:chat:gpt-4o-mini', { OPENAI_BASE_URL: a.baseUrl, OPENAI_MAX_TOKENS: '10' });
    const twenty = await build('openai:chat:gpt-4o-mini', { OPENAI_BASE_URL: a.baseUrl, OPENAI_MAX_TOKENS: '20' });
    await callProvider(ten, 'hi', context, s);
    const second = await callProvider(twenty, 'hi', context, s);
    expect(second.cached).toBeFalsy();
    expect((a.requests.at(-1)!.body as { max_tokens?: number }).max_tokens).toBe(20);
    expect((await callProvider(ten, 'hi', context, s)).cached).toBe(true);
  });
});

describe('cache keys leave credentials out', () => {
  it('a rotated API key (config or header) keeps the cached answer: credentials are not part of the key', async () => {
    const s = services();
    const withKey = (key: string) =>
      createProvider({
        id: 'openai:chat:gpt-4o-mini',
        config: { apiBaseUrl: a.baseUrl, apiKey: key, headers: { 'X-Gateway-Pass': `${key}-gw` } },
        env: {},
        basePath: process.cwd(),
      });
    await callProvider(await withKey('sk-first-key-111111'), 'rotate', context, s);
    expect((await callProvider(await withKey('sk-second-key-222222'), 'rotate', context, s)).cached).toBe(true);
  });
});

describe('cache files', () => {
  it('are private to the user: folders 0700, files 0600', async () => {
    const dir = join(tempDir(), 'cache');
    const cache = new ResponseCache(dir);
    const key = ResponseCache.key({ prompt: 'private' });
    await cache.set(key, { output: 'X' });
    const shard = join(dir, key.slice(0, 2));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(shard).mode & 0o777).toBe(0o700);
    expect(statSync(join(shard, `${key}.json`)).mode & 0o777).toBe(0o600);
    expect(readdirSync(shard)).toEqual([`${key}.json`]); // no temp file left behind
  });

  it('tighten a cache folder that an older version left world-readable', async () => {
    const dir = join(tempDir(), 'cache');
    mkdirSync(dir, { mode: 0o755 });
    await new ResponseCache(dir).set(ResponseCache.key({ prompt: 'x' }), { output: 'X' });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('holding an error, no output or a timestamp from the future are not served', async () => {
    const dir = join(tempDir(), 'cache');
    const cache = new ResponseCache(dir);
    const plant = (name: string, entry: unknown) => {
      const key = ResponseCache.key({ prompt: name });
      mkdirSync(join(dir, key.slice(0, 2)), { recursive: true });
      writeFileSync(join(dir, key.slice(0, 2), `${key}.json`), JSON.stringify(entry));
      return key;
    };
    const now = Date.now();
    expect(await cache.get(plant('good', { storedAt: now - 1000, response: { output: 'ok' } }))).toEqual({
      output: 'ok',
    });
    expect(
      await cache.get(plant('error', { storedAt: now - 1000, response: { output: 'x', error: 'HTTP 500' } })),
    ).toBeUndefined();
    expect(await cache.get(plant('empty', { storedAt: now - 1000, response: {} }))).toBeUndefined();
    expect(await cache.get(plant('null', { storedAt: now - 1000, response: { output: null } }))).toBeUndefined();
    expect(
      await cache.get(plant('future', { storedAt: now + 365 * 24 * 3600 * 1000, response: { output: 'forever' } })),
    ).toBeUndefined();
    expect(await cache.get(plant('no-time', { response: { output: 'x' } }))).toBeUndefined();
  });
});
