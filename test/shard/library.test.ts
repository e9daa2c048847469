// The library side of sharding: evaluate(suite, { shard }) writes a .assay file through the
// suite's outputPath, and mergeShards reads them back into one eval; broken files get one clear
// error each.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { evaluate, mergeShards } from '../../src/index.js';
import { tempDir } from '../support/cli.js';

const tests = Array.from({ length: 40 }, (_, i) => ({
  vars: { n: String(i) },
  assert: [{ type: 'contains', value: i % 5 === 0 ? 'nope' : `n${i}` }],
}));
const suite = (outputPath?: string) =>
  ({ prompts: ['n{{n}}', 'again n{{n}}'], providers: ['echo'], tests, ...(outputPath ? { outputPath } : {}) }) as never;

describe('evaluate({ shard }) and mergeShards', () => {
  it('two shards merge into the unsharded eval', async () => {
    const dir = tempDir();
    const whole = await evaluate(suite(), { write: false, cache: false });
    const parts = [];
    for (const index of [1, 2])
      parts.push(
        await evaluate(suite(join(dir, `s${index}.assay`)), { shard: { index, total: 2 }, write: false, cache: false }),
      );
    expect(parts[0]!.results.length + parts[1]!.results.length).toBe(80);
    expect(parts.every((p) => p.results.length > 0)).toBe(true);

    const merged = await mergeShards([join(dir, '*.assay')], { outputs: [join(dir, 'merged.json')], write: false });
    expect(merged.stats.successes).toBe(whole.stats.successes);
    expect(merged.stats.failures).toBe(whole.stats.failures);
    expect(merged.prompts.map((p) => p.metrics.testPassCount)).toEqual(
      whole.prompts.map((p) => p.metrics.testPassCount),
    );
    expect(merged.shards.map((s) => s.index)).toEqual([1, 2]);
    const json = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8'));
    const ids = (rs: { cellId?: string }[]) => rs.map((r) => r.cellId).sort();
    expect(ids(json.results.results)).toEqual(ids(whole.results));
  });

  it('refuses a bad shard index, and files that are not whole shard files, by name', async () => {
    await expect(evaluate(suite(), { shard: { index: 3, total: 2 }, write: false })).rejects.toThrow(/from 1 to 2/);
    const dir = tempDir();
    writeFileSync(join(dir, 'plain.assay'), 'not gzip at all');
    await expect(mergeShards([join(dir, 'plain.assay')], { write: false })).rejects.toThrow(
      /plain\.assay is not an Assay shard file/,
    );
    writeFileSync(join(dir, 'other.assay'), gzipSync('{"type":"something"}\n'));
    await expect(mergeShards([join(dir, 'other.assay')], { write: false })).rejects.toThrow(
      /other\.assay is not an Assay shard file/,
    );
    writeFileSync(
      join(dir, 'newer.assay'),
      gzipSync('{"type":"header","format":"assay-shard","version":2,"assayVersion":"9.0.0"}\n'),
    );
    await expect(mergeShards([join(dir, 'newer.assay')], { write: false })).rejects.toThrow(
      /version 2 .*reads version 1/,
    );
    // A complete gzip stream whose run never wrote its end record.
    await evaluate(suite(join(dir, 'full.assay')), { write: false, cache: false });
    const lines = (await import('node:zlib'))
      .gunzipSync(readFileSync(join(dir, 'full.assay')))
      .toString('utf8')
      .trim()
      .split('\n');
    writeFileSync(join(dir, 'noend.assay'), gzipSync(`${lines.slice(0, -1).join('\n')}\n`));
    await expect(mergeShards([join(dir, 'noend.assay')], { write: false })).rejects.toThrow(
      /noend\.assay is incomplete: it ends after 80 cells without its end record/,
    );
    await expect(mergeShards([join(dir, 'missing.assay')], { write: false })).rejects.toThrow(
      /Shard file not found: .*missing\.assay/,
    );
    await expect(mergeShards([join(dir, 'nothing-*.assay')], { write: false })).rejects.toThrow(/No shard files match/);
    await expect(
      mergeShards([join(dir, 'full.assay'), join(dir, 'full.assay')], { write: false }),
    ).resolves.toBeDefined(); // same path twice counts once
  });
});
