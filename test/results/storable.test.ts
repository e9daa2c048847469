// Stored text is capped with a visible marker and a result that cannot be written becomes an
// error row, in every sink, without losing the other results (issue 8, defect 12).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import type { Provider } from '../../src/providers/types.js';
import { stringifyResult } from '../../src/results/export-result.js';
import { capText, capValue, storableResult } from '../../src/results/storable.js';
import { makeResult } from './factory.js';
import { tempDir } from '../support/cli.js';
import { decodeReport } from '../viewer/report/report-fixture.js';

describe('capText', () => {
  it('leaves text within the cap alone and cuts longer text on a character boundary, with a marker', () => {
    expect(capText('short', 10)).toBe('short');
    expect(capText('é'.repeat(5), 10)).toBe('é'.repeat(5));
    const cut = capText('é'.repeat(10), 7);
    // 'é' is two bytes: 7 bytes hold three whole characters, never half of one.
    expect(cut.startsWith('ééé\n…[truncated by Assay: 20 bytes, first 6 kept')).toBe(true);
    expect(cut).not.toContain('\uFFFD');
  });
});

describe('capValue', () => {
  it('copies only what it cuts and never changes the caller’s objects', () => {
    const shared = { keep: 'small' };
    const input = { vars: { big: 'x'.repeat(100), shared }, list: ['y'.repeat(100), 'ok'], when: new Date(0) };
    const { value } = capValue(input, 30);
    expect(input.vars.big).toHaveLength(100);
    expect(value.vars.big).toMatch(/^x{30}\n…\[truncated by Assay: 100 bytes/);
    expect(value.list[0]).toMatch(/^y{30}\n…/);
    expect(value.list[1]).toBe('ok');
    expect(value.vars.shared).toBe(shared);
    expect(value.when).toBe(input.when);
  });

  it('replaces binary data over the cap with a note', () => {
    const { value } = capValue({ small: Buffer.alloc(4), big: Buffer.alloc(100) }, 50);
    expect(Buffer.isBuffer(value.small)).toBe(true);
    expect(value.big).toMatch(/100 bytes of binary data not stored/);
  });

  it('survives cycles and reports a getter that throws', () => {
    const cyclic: Record<string, unknown> = { text: 'z'.repeat(50) };
    cyclic.self = cyclic;
    expect((capValue(cyclic, 10).value.text as string).startsWith('z'.repeat(10))).toBe(true);
    const hostile = {
      get boom(): string {
        throw new Error('getter exploded');
      },
    };
    expect(() => capValue({ hostile }, 10)).toThrow('getter exploded');
  });
});

function provider(id: string, reply: (prompt: string) => unknown): Provider {
  return { id: () => id, call: async (prompt: string) => ({ output: reply(prompt) }) } as Provider;
}

describe('storableResult', () => {
  it('keeps a plain result as it is, and still cuts long text and redacts secrets before it is written', () => {
    const plain = makeResult(0, 0);
    expect(storableResult(plain, 1000)).toBe(plain);
    expect(JSON.parse(stringifyResult(plain))).toEqual(JSON.parse(JSON.stringify(plain)));

    // 400 characters may be 1,200 bytes of UTF-8: over a 1,000-byte cap unless measured.
    const long = makeResult(1, 0, 'pass', { response: { output: 'a'.repeat(400) } });
    expect(storableResult(long, 1000)).toBe(long);
    const tooLong = makeResult(1, 0, 'pass', { response: { output: 'é'.repeat(600) } });
    expect(storableResult(tooLong, 1000).response?.output).toMatch(/^é+\n…\[truncated by Assay: 1200 bytes/);

    const withSecret = makeResult(2, 0, 'pass', {
      testCase: { options: { provider: { id: 'openai:gpt-4o', config: { apiKey: 'sk-live-123456789' } } } },
    });
    const text = stringifyResult(storableResult(withSecret, 1000));
    expect(text).not.toContain('sk-live-123456789');
    expect(text).toContain('openai:gpt-4o');
  });
});

describe('evaluate() with results that are hard to store', () => {
  it('a huge provider output is cut in every output; grading saw all of it', async () => {
    const dir = tempDir();
    const outputPath = ['out.json', 'out.jsonl', 'out.csv', 'out.html', 'out.xml', 'out.yaml'].map((f) => join(dir, f));
    const result = await evaluate(
      {
        prompts: ['{{n}}'],
        providers: [
          provider('huge', (prompt) => (prompt === '1' ? `${'word '.repeat(200_000)}FINAL` : `small ${prompt}`)),
        ],
        tests: [1, 2].map((n) => ({ vars: { n }, assert: [{ type: 'contains', value: n === 1 ? 'FINAL' : 'small' }] })),
        outputPath,
      },
      { maxStoredTextBytes: 5000, cache: false },
    );
    expect(result.stats.successes).toBe(2);
    const huge = result.results.find((r) => r.testIdx === 0)!;
    expect(String(huge.response?.output)).toMatch(
      /^(word ){1000}\n…\[truncated by Assay: 1000005 bytes, first 5000 kept/,
    );
    for (const path of outputPath) {
      // The HTML report holds the results inside its embedded (gzip + base64) data.
      const text = path.endsWith('.html') ? JSON.stringify(decodeReport(path).data) : readFileSync(path, 'utf8');
      expect(text).toContain('truncated by Assay');
      expect(text).toContain('small 2');
      expect(text).not.toContain('word '.repeat(1001));
    }
  });

  it('a result that cannot be serialised becomes an error row; every other result is kept', async () => {
    const dir = tempDir();
    const outputPath = ['out.json', 'out.jsonl', 'out.yaml', 'out.xml'].map((f) => join(dir, f));
    const hostileOutput = () => ({
      answer: 'fine so far',
      get details(): string {
        throw new Error('details are not available');
      },
    });
    const result = await evaluate(
      {
        prompts: ['{{n}}'],
        providers: [provider('sometimes-hostile', (prompt) => (prompt === '2' ? hostileOutput() : `ok ${prompt}`))],
        tests: [1, 2, 3].map((n) => ({ vars: { n } })),
        outputPath,
      },
      { cache: false },
    );
    expect(result.stats).toMatchObject({ successes: 2, errors: 1 });
    const bad = result.results.find((r) => r.testIdx === 1)!;
    expect(bad.error).toMatch(/could not be stored: details are not available/);
    const json = JSON.parse(readFileSync(outputPath[0]!, 'utf8'));
    expect(json.results.results).toHaveLength(3);
    expect(json.results.stats.errors).toBe(1);
    expect(readFileSync(outputPath[1]!, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(readFileSync(outputPath[2]!, 'utf8')).toContain('could not be stored');
    expect(readFileSync(outputPath[3]!, 'utf8')).toContain('errors="1"');
  });
});
