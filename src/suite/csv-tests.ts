// CSV rows -> test cases, as promptfoo reads them: every ordinary column is a var; `__expected*`
// cells are assertion shorthands; `__description`, `__metric`, `__threshold`, `__prefix`,
// `__suffix`, `__providerOutput`, `__metadata:<key>[[]]` and `__config:<col>:threshold` are special.

import { parse as parseCsv, type Options as CsvOptions } from 'csv-parse/sync';
import { ConfigError, errorMessage } from '../errors.js';
import { parseAssertionString } from './assertion-string.js';
import { readPlainCsv } from './csv-fast.js';
import { memoizeByString } from '../text/string-memo.js';
import type { AssertionDef, TestCase } from './types.js';

type Column =
  | { kind: 'var'; name: string }
  | { kind: 'expected'; name: string }
  | { kind: 'description' | 'metric' | 'threshold' | 'prefix' | 'suffix' | 'providerOutput' }
  | { kind: 'metadata'; key: string; list: boolean }
  | { kind: 'assertThreshold'; column: string }
  | { kind: 'ignored' };

function classify(name: string): Column {
  if (!name.startsWith('__')) return { kind: 'var', name };
  if (/^__expected\d*$/.test(name)) return { kind: 'expected', name };
  const simple: Record<string, Column['kind']> = {
    __description: 'description',
    __metric: 'metric',
    __threshold: 'threshold',
    __prefix: 'prefix',
    __suffix: 'suffix',
    __providerOutput: 'providerOutput',
  };
  const kind = simple[name];
  if (kind) return { kind } as Column;
  const meta = /^__metadata:(.+?)(\[\])?$/.exec(name);
  if (meta) return { kind: 'metadata', key: meta[1]!, list: meta[2] !== undefined };
  const config = /^__config:(__expected\d*):threshold$/.exec(name);
  if (config) return { kind: 'assertThreshold', column: config[1]! };
  return { kind: 'ignored' };
}

/**
 * csv-parse as promptfoo calls it: strict quotes first, then (unless ASSAY_/PROMPTFOO_CSV_STRICT)
 * again with relaxed quotes, so `"kiwis" ,x` (a space after a closing quote) or a quote inside an
 * unquoted cell is read instead of stopping the run. ASSAY_/PROMPTFOO_CSV_DELIMITER sets the delimiter.
 * Each record becomes a test as it is read (`on_record`), so a 100,000-row file never holds every
 * row as an array of cells beside the tests made from them.
 */
function parseRows(text: string | Buffer, file: string): TestCase[] {
  const delimiter = process.env.ASSAY_CSV_DELIMITER || ',';
  const fast = readFast(text, delimiter, file);
  if (fast) return fast;
  const parseWith = (relax: boolean): TestCase[] => {
    const builder = new RowBuilder(file);
    const options: CsvOptions = { bom: true, skip_empty_lines: true, delimiter, relax_quotes: relax };
    // csv-parse keeps what on_record returns (a test) and drops null (the header).
    options.on_record = (row) => builder.add(row) as unknown as string[] | null;
    return parseCsv(text, options) as unknown as TestCase[];
  };
  try {
    return parseWith(false);
  } catch (err) {
    const strict = /^(1|true|yes)$/i.test(process.env.ASSAY_CSV_STRICT ?? '');
    if (err instanceof ConfigError) throw err;
    if (strict || (err as { code?: string }).code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') throw err;
    return parseWith(true);
  }
}

/**
 * The tests of plain CSV read by csv-fast.ts (the records csv-parse gives, ~5x faster), or
 * undefined when the file needs csv-parse: odd line endings, a stray quote, rows of other widths.
 */
function readFast(text: string | Buffer, delimiter: string, file: string): TestCase[] | undefined {
  const builder = new RowBuilder(file);
  const tests: TestCase[] = [];
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const read = readPlainCsv(bytes, delimiter, (cells) => {
    const test = builder.add(cells);
    if (test) tests.push(test);
  });
  return read ? tests : undefined;
}

/**
 * Parses CSV text into test cases. `file` is used in error messages. Give a file's bytes rather
 * than its text: csv-parse works on bytes, so a string would be held twice (as text and as bytes).
 */
export function csvToTests(text: string | Buffer, file: string): TestCase[] {
  try {
    // A row whose cell count differs from the header's is an error, as in promptfoo: it is
    // usually an unquoted comma, and reading it anyway would shift or drop vars silently.
    return parseRows(text, file);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const { code, lines, record } = err as { code?: string; lines?: number; record?: unknown[] };
    if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      const header = parseCsv(text, {
        bom: true,
        to_line: 1,
        relax_quotes: true,
        delimiter: process.env.ASSAY_CSV_DELIMITER || ',',
      }) as string[][];
      const width = header[0]?.length ?? 0;
      const cells = record?.length ?? 0;
      throw new ConfigError(
        `the row has ${cells} cell${cells === 1 ? '' : 's'} but the header has ${width} column${width === 1 ? '' : 's'}. Give every row the same number of cells, and put cells that contain a comma in double quotes.`,
        { file, line: lines },
        'CONFIG_INVALID',
        { cause: err },
      );
    }
    throw new ConfigError(`Could not parse CSV: ${errorMessage(err)}`, { file }, 'CONFIG_INVALID', { cause: err });
  }
}

/** Turns records into tests one by one: the first record is the header, each later one a test. */
class RowBuilder {
  private header: string[] | undefined;
  private columns: Column[] = [];
  /** An object with every var column's key (see `newVars`), or undefined when one can't be used. */
  private varsTemplate: Record<string, string> | undefined;
  private r = 0;
  // Rows often repeat a check word for word (`javascript: output.length > 10` in every row): they
  // share one assertion object, so 100,000 rows hold it once. Nothing edits an assertion in place;
  // a row that sets a threshold or metric on its assertions gets its own (fresh) objects.
  private readonly sharedAssertion = memoizeByString((cell) => Object.freeze(parseAssertionString(cell)), 1000);

  constructor(private readonly file: string) {}

  /** The test for a row, or null for the header row (csv-parse then keeps nothing). */
  add(row: string[]): TestCase | null {
    if (!this.header) {
      this.header = row.map((h) => h.trim());
      this.columns = this.header.map(classify);
      this.varsTemplate = varsTemplate(this.columns);
      return null;
    }
    return this.toTest(row, this.r++);
  }

  /** True when the row's __metric or __config threshold cells will be written into its assertions. */
  private rowEditsAssertions(row: string[]): boolean {
    const { columns } = this;
    for (let c = 0; c < columns.length; c++) {
      const kind = columns[c]!.kind;
      const cell = row[c] ?? '';
      if ((kind === 'metric' && cell !== '') || (kind === 'assertThreshold' && cell.trim() !== '')) return true;
    }
    return false;
  }

  private toTest(row: string[], r: number): TestCase {
    const { columns, file } = this;
    const header = this.header!;
    const vars: Record<string, unknown> = this.varsTemplate ? { ...this.varsTemplate } : {};
    const test: TestCase = { vars };
    const asserts: AssertionDef[] = [];
    const byColumn = new Map<string, AssertionDef>();
    const thresholds: Array<[string, number]> = [];
    let metric: string | undefined;
    const own = this.rowEditsAssertions(row);
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!;
      const cell = row[c] ?? '';
      switch (col.kind) {
        case 'var':
          vars[col.name] = cell;
          break;
        case 'expected':
          if (cell.trim() !== '') {
            const assertion = own ? parseAssertionString(cell) : this.sharedAssertion(cell);
            asserts.push(assertion);
            byColumn.set(col.name, assertion);
          }
          break;
        case 'description':
          if (cell) test.description = cell;
          break;
        case 'metric':
          if (cell) metric = cell;
          break;
        case 'threshold':
          if (cell.trim()) test.threshold = numberCell(cell, header[c]!, file, `[${r}].threshold`);
          break;
        case 'prefix':
        case 'suffix':
          if (cell) test.options = { ...test.options, [col.kind]: cell };
          break;
        case 'providerOutput':
          if (cell) test.providerOutput = cell;
          break;
        case 'metadata':
          if (cell) {
            test.metadata ??= {};
            test.metadata[col.key] = col.list ? splitEscaped(cell) : cell;
          }
          break;
        case 'assertThreshold':
          if (cell.trim())
            thresholds.push([col.column, numberCell(cell, header[c]!, file, `[${r}].${col.column}.threshold`)]);
          break;
        case 'ignored':
          break;
      }
    }
    for (const [column, value] of thresholds) {
      const assertion = byColumn.get(column);
      if (assertion) assertion.threshold = value;
    }
    if (metric) for (const a of asserts) a.metric = metric;
    // Once every var is in (an expected column may come first).
    if (!own) for (let i = 0; i < asserts.length; i++) asserts[i] = withVarString(asserts[i]!, vars);
    // A large CSV keeps every test for the whole run: exact-length assert lists (a pushed-to array
    // reserves 17 slots) and, for rows of plain vars and assertions, an object whose three
    // properties live in the object itself, save ~200 bytes a row. Key order is the same either way.
    const assert = asserts.length ? asserts.slice() : undefined;
    if (Object.keys(test).length === 1) {
      const description = `Row #${r + 1}`;
      return assert ? { vars, assert, description } : { vars, description };
    }
    if (assert) test.assert = assert;
    test.description ??= `Row #${r + 1}`;
    return test;
  }
}

/**
 * An object holding every var column's key, in the order the columns first give them, for each
 * row's vars to be copied from. A copy is as large as its keys need (40 bytes for two), where an
 * object filled key by key reserves room for four (56 bytes) or keeps more than four apart: a
 * large CSV keeps every row's vars for the whole run. Undefined without var columns, or with a
 * `__proto__` column (assigning it would set the prototype, as it always has, not copy a key).
 */
function varsTemplate(columns: readonly Column[]): Record<string, string> | undefined {
  const names = columns.flatMap((column) => (column.kind === 'var' ? [column.name] : []));
  if (names.length === 0 || names.includes('__proto__')) return undefined;
  // JSON.parse builds an object sized to its keys; a spread copy of it keeps that size.
  return JSON.parse(`{${names.map((name) => `${JSON.stringify(name)}:""`).join(',')}}`) as Record<string, string>;
}

/**
 * The assertion with its value as the row's equal var string, when there is one: a check usually
 * repeats a var (`contains: topic 7` beside `topic 7`), and the row then keeps that text once.
 */
function withVarString(assertion: AssertionDef, vars: Record<string, unknown>): AssertionDef {
  const value = (assertion as { value?: unknown }).value;
  if (typeof value !== 'string') return assertion;
  for (const key in vars) {
    const text = vars[key];
    if (text !== value) continue;
    // A literal of the usual two keys is sized to them; a spread copy reserves room for four.
    const plain = Object.keys(assertion).length === 2 && assertion.type !== undefined;
    return Object.freeze(plain ? { type: assertion.type, value: text } : { ...assertion, value: text }) as AssertionDef;
  }
  return assertion;
}

/** CSV rows skip the schema pass (they are built typed here), so numbers are checked here. */
function numberCell(cell: string, column: string, file: string, keyPath: string): number {
  const value = Number(cell.trim());
  if (Number.isFinite(value)) return value;
  throw new ConfigError(`Column ${column} must hold a number, got "${cell}".`, { file, keyPath }, 'CONFIG_INVALID');
}

/** Splits on commas, keeping `\,` as a literal comma. */
function splitEscaped(cell: string): string[] {
  return cell
    .split(/(?<!\\),/)
    .map((part) => part.replace(/\\,/g, ',').trim())
    .filter((part) => part !== '');
}
