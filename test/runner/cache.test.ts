import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/runner/cache.js';
import { tempDir } from '../support/cli.js';

describe('ResponseCache.clear', () => {
  it('empties the cache and removes its folder', async () => {
    const dir = join(tempDir(), 'cache');
    const cache = new ResponseCache(dir);
    await cache.set(ResponseCache.key({ prompt: 'a' }), { output: 'A' });
    await cache.set(ResponseCache.key({ prompt: 'b' }), { output: 'B' });
    expect(await cache.get(ResponseCache.key({ prompt: 'a' }))).toEqual({ output: 'A' });
    await cache.clear();
    expect(await cache.get(ResponseCache.key({ prompt: 'a' }))).toBeUndefined();
    expect(existsSync(dir)).toBe(false);
  });

  it('leaves files it did not write when ASSAY_CACHE_PATH points at a folder in use', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    mkdirSync(join(dir, 'ab'));
    writeFileSync(join(dir, 'ab', 'report.json'), '{}');
    const cache = new ResponseCache(dir);
    const key = ResponseCache.key({ prompt: 'x' });
    await cache.set(key, { output: 'X' });
    await cache.clear();
    expect(await cache.get(key)).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['ab', 'notes.txt']);
    expect(readdirSync(join(dir, 'ab'))).toEqual(['report.json']);
  });
});

describe('ASSAY_CACHE_TTL', () => {
  it('is seconds, defaults to 14 days, and refuses a value that is not a positive number', async () => {
    const { cacheTtlSeconds, DEFAULT_CACHE_TTL_SECONDS } = await import('../../src/runner/cache.js');
    expect(cacheTtlSeconds(undefined)).toBe(DEFAULT_CACHE_TTL_SECONDS);
    expect(cacheTtlSeconds('60')).toBe(60);
    expect(() => cacheTtlSeconds('soon')).toThrow(/ASSAY_CACHE_TTL must be a number of seconds/);
    expect(() => cacheTtlSeconds('0')).toThrow(/greater than 0/);
  });
});

describe('cache keys', () => {
  it('keep apart the same provider pointed at two different hosts', async () => {
    const { callProvider } = await import('../../src/runner/call-provider.js');
    const { RateLimitRegistry } = await import('../../src/runner/rate-limiter.js');
    const services = {
      cache: new ResponseCache(join(tempDir(), 'cache')),
      limits: new RateLimitRegistry(4),
      cacheRepeatsApart: false,
    };
    const hostProvider = (host: string) => ({
      id: () => 'databricks:my-endpoint',
      cacheable: true,
      rateLimitKey: () => `databricks:${host}:my-endpoint`,
      call: async () => ({ output: `answer from ${host}` }),
    });
    const context = { vars: {}, prompt: { raw: 'hi', label: 'hi' }, repeatIndex: 0 };
    await callProvider(hostProvider('workspace-a'), 'hi', context, services);
    const fromB = await callProvider(hostProvider('workspace-b'), 'hi', context, services);
    expect(fromB).toMatchObject({ output: 'answer from workspace-b' });
    expect(fromB.cached).toBeFalsy();
    const againA = await callProvider(hostProvider('workspace-a'), 'hi', context, services);
    expect(againA).toMatchObject({ output: 'answer from workspace-a', cached: true });
  });
});
