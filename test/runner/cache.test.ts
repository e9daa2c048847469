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
