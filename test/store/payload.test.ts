// The row body codec: a string long enough is stored once as a blob however it is escaped in
// JSON (a model's JSON output is full of quotes), shorter ones stay inline, and every body reads
// back as the value written.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { PayloadCodec } from '../../src/store/payload.js';
import { tempDir } from '../support/cli.js';

function codec() {
  const store = openStore(join(tempDir(), 'home', 'store.db'));
  const blobCount = () => Number((store.db.prepare('SELECT count(*) FROM blobs').raw(true).get() as number[])[0]);
  return { codec: new PayloadCodec(store.db), blobCount, close: () => store.close() };
}

describe('PayloadCodec', () => {
  it('moves a long string full of quotes and backslashes to a blob and reads it back', () => {
    const { codec: c, blobCount, close } = codec();
    const jsonOutput = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ k: `"v${i}"\\` })));
    expect(jsonOutput.length).toBeGreaterThan(1024);
    const value = { response: { output: jsonOutput }, short: 'x"y', nested: [{ deep: jsonOutput }] };
    const text = c.encode(value);
    expect(text).not.toContain('v199');
    expect(blobCount()).toBe(1);
    expect(c.decode(text)).toEqual(value);
    close();
  });

  it('keeps a string shorter than the blob size inline even when its escapes make the JSON longer', () => {
    const { codec: c, blobCount, close } = codec();
    const quoted = '"'.repeat(1000); // 1,000 characters, 2,000 once escaped
    const value = { output: quoted, other: 'plain' };
    const text = c.encode(value);
    expect(text).toBe(JSON.stringify(value));
    expect(blobCount()).toBe(0);
    expect(c.decode(text)).toEqual(value);
    close();
  });

  it('moves a 1,024-character string with nothing after it to a blob, and keeps 1,023 inline', () => {
    const { codec: c, blobCount, close } = codec();
    // The JSON text is the string literal alone: nothing after its closing quote.
    const long = 'z'.repeat(1024);
    const text = c.encode(long);
    expect(text).not.toContain('zzz');
    expect(blobCount()).toBe(1);
    expect(c.decode(text)).toBe(long);
    const shorter = 'w'.repeat(1023);
    expect(c.encode(shorter)).toBe(JSON.stringify(shorter));
    expect(blobCount()).toBe(1);
    close();
  });

  it('writes a result without long strings as plain JSON', () => {
    const { codec: c, blobCount, close } = codec();
    const value = { a: 'short', list: [1, 'two', { three: null }], text: 'y'.repeat(1023) };
    expect(c.encode(value)).toBe(JSON.stringify(value));
    expect(blobCount()).toBe(0);
    close();
  });
});
