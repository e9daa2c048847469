// A fast reader for plain RFC 4180 CSV bytes that yields exactly the records csv-parse yields with
// the options csv-tests.ts gives it (bom, skip_empty_lines, strict quotes, one-byte delimiter), and
// gives up (returns false) on anything else, so the caller falls back to csv-parse for it and for
// every error message. It exists for speed: csv-parse builds an info object per record, a Buffer
// per field and checks every option per byte; on 100,000 rows it took ~380 ms and most of the
// load phase's garbage. test/suite/csv-fast.test.ts checks it against csv-parse on generated files.

import type { Buffer } from 'node:buffer';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

// Line endings as csv-parse settles them: by the first CR or LF met outside quotes.
const ENDINGS_UNKNOWN = 0;
const ENDINGS_LF = 1;
const ENDINGS_CRLF = 2;

// Buffer's own decoder for a byte range: what csv-parse's field.toString('utf8') gives, minus
// toString's argument checks. Splitting the bytes at ASCII delimiters and quotes never changes
// how UTF-8 decodes (an ASCII byte is never part of a multi-byte sequence, valid or not).
type Utf8Slicer = { utf8Slice(start: number, end: number): string };

/**
 * Reads `bytes` as CSV, calling `onRecord` with each record's cells in order (the array is reused
 * for the next record: copy what you keep). Returns false, possibly after some records, when the
 * input needs anything this reader does not do: the caller must then discard what it built and
 * read the whole input again with csv-parse. `onRecord`'s own errors are thrown as they are.
 */
export function readPlainCsv(bytes: Buffer, delimiter: string, onRecord: (cells: string[]) => void): boolean {
  if (delimiter.length !== 1) return false;
  const delim = delimiter.charCodeAt(0);
  if (delim >= 0x80 || delim === QUOTE || delim === CR || delim === LF) return false;
  const length = bytes.length;
  let pos = 0;
  if (length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) pos = 3;
  // A UTF-16 byte order mark makes csv-parse switch encodings.
  else if (length >= 3 && bytes[0] === 0xff && bytes[1] === 0xfe) return false;
  const slicer = bytes as unknown as Utf8Slicer;
  let endings = ENDINGS_UNKNOWN;
  let width = -1;
  const cells: string[] = [];
  let count = 0;
  for (;;) {
    if (count === 0) {
      // At a record's start: empty lines are skipped (a line holding "" is a record of one empty cell).
      const after = skipEmptyLines(pos);
      if (after === -1) return false;
      pos = after;
      if (pos === length) return true;
    }
    // One field starts at `pos`.
    let c = bytes[pos]!;
    if (c === QUOTE) {
      const start = pos + 1;
      let escapes = false;
      let p = start;
      for (;;) {
        p = bytes.indexOf(QUOTE, p);
        if (p === -1) return false; // quote not closed: csv-parse's error
        if (p + 1 < length && bytes[p + 1] === QUOTE) {
          escapes = true;
          p += 2;
          continue;
        }
        break;
      }
      const text = slicer.utf8Slice(start, p);
      cells[count++] = escapes ? text.replaceAll('""', '"') : text;
      pos = p + 1;
      if (pos === length) return endRecord();
      c = bytes[pos]!;
      if (c !== delim && c !== LF && c !== CR) return false; // invalid closing quote
    } else {
      const start = pos;
      while (c !== delim && c !== LF && c !== CR) {
        if (c === QUOTE) return false; // a quote inside an unquoted field
        if (++pos === length) break;
        c = bytes[pos]!;
      }
      cells[count++] = slicer.utf8Slice(start, pos);
      if (pos === length) return endRecord();
    }
    if (c === delim) {
      pos++;
      // A delimiter as the last byte ends the record with an empty cell.
      if (pos === length) {
        cells[count++] = '';
        return endRecord();
      }
      continue;
    }
    // A line ending outside quotes ends the record.
    const after = lineEnd(pos);
    if (after === -1 || !endRecord()) return false;
    pos = after;
  }

  /** Where the line ending at `at` ends, settling the file's endings on the first; -1 when it is not one. */
  function lineEnd(at: number): number {
    const crlf = bytes[at] === CR;
    // A lone CR (old Mac files) ends lines only in files csv-parse reads with CR endings.
    if (crlf && (at + 1 >= length || bytes[at + 1] !== LF)) return -1;
    const found = crlf ? ENDINGS_CRLF : ENDINGS_LF;
    if (endings === ENDINGS_UNKNOWN) endings = found;
    // Once settled, the other ending is content to csv-parse.
    else if (endings !== found) return -1;
    return crlf ? at + 2 : at + 1;
  }

  /** The first position from `at` that is not an empty line; -1 when an odd line ending is met. */
  function skipEmptyLines(at: number): number {
    while (at < length) {
      const c = bytes[at];
      if (c !== CR && c !== LF) return at;
      at = lineEnd(at);
      if (at === -1) return -1;
    }
    return at;
  }

  /** Hands on the record read so far; false when its width differs from the first record's. */
  function endRecord(): boolean {
    if (width === -1) width = count;
    else if (count !== width) return false;
    cells.length = count;
    onRecord(cells);
    count = 0;
    return true;
  }
}
