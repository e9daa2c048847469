import { Buffer } from 'node:buffer';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readPlainCsv } from '../../src/suite/csv-fast.js';

// The fast reader must give exactly csv-parse's records (with csv-tests.ts's options) whenever it
// reads a file, and must give up whenever csv-parse would fail, so a file never reads differently.

/** A small seeded generator (mulberry32), so a failure names an input that can be made again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'topic 7', ' ', 'é', '日本', '😀', '"', '""', ',', '\t', ';', '\n', '\r\n', '\r', 'x\u2028y', ''];

function cellText(next: () => number): string {
  let text = '';
  const parts = Math.floor(next() * 4);
  for (let i = 0; i < parts; i++) text += PIECES[Math.floor(next() * PIECES.length)]!;
  return text;
}

/** A CSV file: mostly well formed (quoting what needs it), sometimes with a deliberate flaw. */
function csvFile(next: () => number, delimiter: string): string {
  const width = 1 + Math.floor(next() * 4);
  const rows = Math.floor(next() * 6);
  const ending = next() < 0.5 ? '\n' : '\r\n';
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    const cellCount = next() < 0.05 ? width + 1 : width;
    for (let c = 0; c < cellCount; c++) {
      const text = cellText(next);
      const needsQuotes = /["\r\n]/.test(text) || text.includes(delimiter);
      const quote = needsQuotes ? next() < 0.95 : next() < 0.3;
      cells.push(quote ? `"${text.replaceAll('"', '""')}"` : text);
    }
    lines.push(cells.join(delimiter));
    if (next() < 0.1) lines.push('');
  }
  let file = lines.join(ending);
  if (next() < 0.5) file += ending;
  if (next() < 0.2) file = `\ufeff${file}`;
  // Occasional flaws: a stray quote, a space after a closing quote, a lone CR or LF, a cut file.
  const flaw = next();
  if (flaw < 0.05) file = file.replace(/"(,|$)/m, '" $1');
  else if (flaw < 0.1) file += next() < 0.5 ? '\r' : 'x\n"';
  else if (flaw < 0.15) file = file.slice(0, Math.floor(next() * file.length));
  return file;
}

function csvParseRecords(bytes: Buffer, delimiter: string): string[][] | Error {
  try {
    return parseCsv(bytes, { bom: true, skip_empty_lines: true, delimiter, relax_quotes: false }) as string[][];
  } catch (err) {
    return err as Error;
  }
}

function fastRecords(bytes: Buffer, delimiter: string): string[][] | undefined {
  const records: string[][] = [];
  return readPlainCsv(bytes, delimiter, (cells) => records.push([...cells])) ? records : undefined;
}

describe('readPlainCsv', () => {
  it('reads what csv-parse reads, record for record, and gives up where csv-parse fails (20,000 generated files)', () => {
    let read = 0;
    let gaveUp = 0;
    for (let seed = 1; seed <= 20_000; seed++) {
      const next = random(seed);
      const delimiter = next() < 0.8 ? ',' : next() < 0.5 ? '\t' : ';';
      const text = csvFile(next, delimiter);
      const bytes = Buffer.from(text);
      const expected = csvParseRecords(bytes, delimiter);
      const actual = fastRecords(bytes, delimiter);
      if (actual === undefined) {
        gaveUp++;
        continue;
      }
      read++;
      if (expected instanceof Error)
        throw new Error(`seed ${seed}: csv-parse fails (${expected.message}) on ${JSON.stringify(text)}`);
      expect(actual, `seed ${seed}: ${JSON.stringify(text)}`).toEqual(expected);
    }
    // Most well-formed files take the fast path: the comparison above is not an empty one.
    expect(read).toBeGreaterThan(12_000);
    expect(gaveUp).toBeGreaterThan(500);
  });

  it.each([
    ['quotes, doubled quotes, embedded commas and newlines', 'a,b\n"x,1","say ""hi"""\n"two\nlines",""\n'],
    ['CRLF endings with a newline inside quotes', 'a,b\r\n1,"x\ny"\r\n2,3'],
    ['a byte order mark and no final newline', '\ufeffname,n\nkiwi,1'],
    ['empty lines skipped, a quoted empty line kept', '\n\nq\n\n""\nz\n\n'],
    ['empty fields and a trailing delimiter', 'a,b,c\n,,\n1,2,\n'],
    ['unicode', 'q,r\n日本,😀\né,"x\u2028y"\n'],
    ['an empty file', ''],
    ['only a BOM', '\ufeff'],
  ])('reads %s as csv-parse does', (_name, text) => {
    const bytes = Buffer.from(text);
    const records = fastRecords(bytes, ',');
    expect(records).toBeDefined();
    expect(records).toEqual(csvParseRecords(bytes, ','));
  });

  it.each([
    ['a space after a closing quote', 'a,b\n"kiwis" ,x\n'],
    ['a quote inside an unquoted cell', 'a,b\nsay "hi",x\n'],
    ['an unclosed quote', 'a,b\n"open,x\n'],
    ['rows of other widths', 'a,b\n1,2,3\n'],
    ['CR line endings', 'a,b\r1,2\r'],
    ['CRLF then a lone LF', 'a,b\r\n1,2\n3,4\r\n'],
    ['LF then CRLF', 'a,b\n1,2\r\n'],
    ['a UTF-16 byte order mark', '\ufffeab'],
  ])('leaves %s to csv-parse', (_name, text) => {
    const bytes = text.startsWith('\ufffe') ? Buffer.from([0xff, 0xfe, 0x61, 0x00]) : Buffer.from(text);
    expect(fastRecords(bytes, ',')).toBeUndefined();
  });

  it('leaves multi-character and quote delimiters to csv-parse', () => {
    expect(fastRecords(Buffer.from('a::b\n1::2\n'), '::')).toBeUndefined();
    expect(fastRecords(Buffer.from('a"b\n'), '"')).toBeUndefined();
  });
});
