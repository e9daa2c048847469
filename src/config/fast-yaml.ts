// A fast reader for the plain block-style YAML that large suites are written in (block mappings
// and sequences, plain and quoted one-line scalars, literal and folded block scalars, and flow
// collections of those scalars that close on the line they open, like `vars: { topic: x }`). It
// builds plain JS values directly, without the `yaml` package's document model (~11 KB per inline
// test, and ~15 ms of cold start-up for a small config). Anything it is not sure about (multi-line
// flow collections, anchors, tags, multi-line plain scalars, merge keys, duplicate keys, errors)
// makes it give up, and the caller parses with `yaml` as before, so
// results and error messages never differ from the full parser's.

const UNUSUAL_CHARACTERS = /[\x00-\x08\x09\x0b\x0c\x0e-\x1f\x7f\ufeff]/;

/** Thrown inside the reader to give up; never escapes `parseYamlFast`. */
const GIVE_UP = Symbol('give up');

/** The parsed value, or undefined when the text needs the full YAML parser. */
export function parseYamlFast(text: string): unknown {
  // Tabs, a byte-order mark and control characters have rules of their own: the full parser applies them.
  if (UNUSUAL_CHARACTERS.test(text)) return undefined;
  const normalised = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
  if (normalised.includes('\r')) return undefined;
  scalars = new Map();
  try {
    return new BlockReader(new Lines(normalised)).document();
  } catch {
    // GIVE_UP, or a stack overflow on absurdly deep nesting: the full parser reports that properly.
    return undefined;
  } finally {
    scalars = undefined;
  }
}

/**
 * The strings of the document being read, each kept once. A large suite repeats the same values in
 * every test (`type: javascript`, the same check): they share one string instead of one per test.
 */
let scalars: Map<string, string> | undefined;
/** Past this many distinct strings new ones are no longer pooled (most are then unique values). */
const POOLED_STRINGS = 20_000;
/** Longer strings are rarely repeated, and hashing them to look costs more than it saves. */
const POOLED_LENGTH = 200;
/** V8 keeps a piece cut from a longer string (at least this long) as a pointer into the whole. */
const SLICE_MIN_LENGTH = 13;

/**
 * The string to keep in the parsed value: the pooled copy, or a copy of its own. Lines and values
 * are cut from the file's text, and V8 keeps a cut of 13 characters or more as a view into the
 * whole text: one such value kept for the run would keep the whole file (10 MB for 50,000 tests).
 */
function keep(value: string): string {
  const pool = scalars;
  if (pool && value.length <= POOLED_LENGTH) {
    const known = pool.get(value);
    if (known !== undefined) return known;
    const own = detached(value);
    if (pool.size < POOLED_STRINGS) pool.set(own, own);
    return own;
  }
  return detached(value);
}

/** A copy of the text that holds its own characters, not a view into a longer string. */
function detached(value: string): string {
  // A JSON round trip writes the characters out and reads them back as a new string; shorter
  // strings are copied by V8 whenever they are cut, so they need nothing.
  return value.length < SLICE_MIN_LENGTH ? value : (JSON.parse(JSON.stringify(value)) as string);
}

/** A list at its exact length: one built by push reserves room to grow (17 slots for 2 items). */
function exactLength<T>(items: T[]): T[] {
  return items.slice();
}

/** A plain scalar's value, with the string kept as `keep` does. */
function plainValue(text: string): unknown {
  const value = resolvePlain(text);
  return typeof value === 'string' ? keep(value) : value;
}

// The YAML 1.2 core schema as the `yaml` package resolves plain scalars.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Characters that start something other than a plain scalar (flow, anchor, tag, directive, ...). */
const INDICATOR = new Set(['[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', ',']);

function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Most values start with a letter that cannot begin a null, bool or number: skip the tests.
  if (
    s.length > 0 &&
    !(
      c <= 0x39 ||
      c === 0x7e ||
      c === 0x4e ||
      c === 0x6e ||
      c === 0x54 ||
      c === 0x74 ||
      c === 0x46 ||
      c === 0x66 ||
      c === 0x2e
    )
  )
    return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return c === 0x74 || c === 0x54;
  if (INT_OCT.test(s)) return parseInt(s.slice(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.slice(2), 16);
  if (FLOAT_SPECIAL.test(s))
    return s.slice(-3).toLowerCase() === 'nan' ? Number.NaN : s[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 0x20) i++;
  return i;
}

function isBlank(line: string): boolean {
  return indentOf(line) === line.length;
}

/** A `-` entry marker at `col`: a dash followed by a space or the end of the line. */
function isEntryAt(line: string, col: number): boolean {
  return line.charCodeAt(col) === 0x2d && (col + 1 === line.length || line.charCodeAt(col + 1) === 0x20);
}

/** Only spaces, or spaces then a comment, from `from` to the end of the line. */
function restIsEmpty(line: string, from: number): boolean {
  let i = from;
  while (line.charCodeAt(i) === 0x20) i++;
  return i === line.length || (line.charCodeAt(i) === 0x23 && (i > from || from === 0 || line[from - 1] === ' '));
}

/**
 * The text's lines, each cut from the text when asked for (the last one kept). Splitting the text
 * at once kept every line (400,000 for 50,000 tests) alive through the whole read: each was copied
 * by every young-generation collection and then promoted, only to be garbage in old space.
 */
class Lines {
  /** Where each line starts; one more entry, past the end, closes the last line. */
  private readonly starts: Uint32Array;
  readonly length: number;
  private cachedIndex = -1;
  private cachedLine = '';

  constructor(private readonly text: string) {
    let count = 1;
    for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) count++;
    this.starts = new Uint32Array(count + 1);
    let line = 1;
    for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) this.starts[line++] = p + 1;
    this.starts[count] = text.length + 1;
    this.length = count;
  }

  at(i: number): string {
    if (i !== this.cachedIndex) {
      this.cachedLine = this.text.slice(this.starts[i]!, this.starts[i + 1]! - 1);
      this.cachedIndex = i;
    }
    return this.cachedLine;
  }
}

class BlockReader {
  private i = 0;
  constructor(private readonly lines: Lines) {}

  document(): unknown {
    this.i = this.nextContent(0);
    if (this.i >= this.lines.length) throw GIVE_UP;
    const line = this.lines.at(this.i);
    if (line.startsWith('---') || line.startsWith('...') || line.startsWith('%')) throw GIVE_UP;
    const col = indentOf(line);
    if (col !== 0) throw GIVE_UP;
    const value = this.blockNode(col);
    if (this.i < this.lines.length) throw GIVE_UP;
    return value;
  }

  /** Index of the next line holding more than spaces or a comment. */
  private nextContent(from: number): number {
    const lines = this.lines;
    let i = from;
    for (; i < lines.length; i++) {
      const line = lines.at(i);
      const ind = indentOf(line);
      if (ind < line.length && line.charCodeAt(ind) !== 0x23) break;
    }
    return i;
  }

  /** A collection starting at `col` of the current line: a sequence or a mapping. */
  private blockNode(col: number): unknown {
    const line = this.lines.at(this.i);
    if (isEntryAt(line, col)) return this.sequence(col);
    if (this.keyAt(line, col)) return this.mapping(col);
    throw GIVE_UP;
  }

  private sequence(col: number): unknown[] {
    const items: unknown[] = [];
    for (let first = true; this.i < this.lines.length; first = false) {
      const line = this.lines.at(this.i);
      if (!first) {
        const ind = indentOf(line);
        if (ind < col) break;
        if (ind > col) throw GIVE_UP;
        if (!isEntryAt(line, col)) break; // the parent mapping's next key, at the same indent
      }
      let p = col + 1;
      while (line.charCodeAt(p) === 0x20) p++;
      if (p === line.length || line.charCodeAt(p) === 0x23) {
        items.push(this.valueOnNextLines(col, false));
      } else if (isEntryAt(line, p)) {
        items.push(this.sequence(p));
      } else if (this.keyAt(line, p)) {
        items.push(this.mapping(p));
      } else {
        items.push(this.inlineValue(line, p, col));
      }
    }
    return exactLength(items);
  }

  private mapping(col: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let first = true; this.i < this.lines.length; first = false) {
      const line = this.lines.at(this.i);
      if (!first) {
        const ind = indentOf(line);
        if (ind < col) break;
        if (ind > col) throw GIVE_UP;
      }
      const key = this.keyAt(line, col);
      if (!key) throw GIVE_UP;
      if (Object.hasOwn(map, key.key)) throw GIVE_UP; // the full parser reports the duplicate
      let p = key.valueStart;
      while (line.charCodeAt(p) === 0x20) p++;
      map[key.key] =
        p >= line.length || restIsEmpty(line, p) ? this.valueOnNextLines(col, true) : this.inlineValue(line, p, col);
    }
    return map;
  }

  /** The value of `key:` or `-` with nothing after it on the line: a nested collection, or null. */
  private valueOnNextLines(col: number, sequenceAtSameIndent: boolean): unknown {
    this.i = this.nextContent(this.i + 1);
    if (this.i >= this.lines.length) return null;
    const line = this.lines.at(this.i);
    const ind = indentOf(line);
    if (ind > col) return this.blockNode(ind);
    if (ind === col && sequenceAtSameIndent && isEntryAt(line, col)) return this.sequence(col);
    return null;
  }

  /** A key at `col` followed by `:` and a space or the line's end; undefined when the line holds no key. */
  private keyAt(line: string, col: number): { key: string; valueStart: number } | undefined {
    const c = line[col]!;
    if (c === '"' || c === "'") {
      const quoted = c === '"' ? doubleQuoted(line, col) : singleQuoted(line, col);
      let p = quoted.end;
      while (line.charCodeAt(p) === 0x20) p++;
      if (line.charCodeAt(p) !== 0x3a) return undefined;
      if (p + 1 < line.length && line.charCodeAt(p + 1) !== 0x20) throw GIVE_UP;
      return { key: checkedKey(quoted.value), valueStart: p + 1 };
    }
    // A flow collection, anchor, tag, quoted or block scalar here is no plain key.
    if (INDICATOR.has(c)) return undefined;
    // `- `, `? ` and `: ` here are an entry, an explicit key or an empty key: the full parser's job.
    if ((c === '-' || c === '?' || c === ':') && (col + 1 === line.length || line[col + 1] === ' ')) throw GIVE_UP;
    let colon = line.indexOf(':', col);
    const hash = line.indexOf(' #', col);
    while (colon !== -1 && colon + 1 < line.length && line.charCodeAt(colon + 1) !== 0x20) {
      colon = line.indexOf(':', colon + 1);
    }
    if (colon === -1 || (hash !== -1 && hash < colon)) return undefined;
    if (colon - col > 1000) throw GIVE_UP; // YAML caps an implicit key's length
    const raw = line.slice(col, colon).trimEnd();
    // `a:b: c` (a colon inside a plain key) and non-string keys (`1:`, `null:`) need the full parser.
    if (raw.includes(':') || raw.includes('#') || resolvePlain(raw) !== raw) throw GIVE_UP;
    return { key: checkedKey(raw), valueStart: colon + 1 };
  }

  /** A scalar written after `key: ` or `- ` at `p`; leaves the reader on the next content line. */
  private inlineValue(line: string, p: number, parentCol: number): unknown {
    const c = line[p]!;
    if (c === '"' || c === "'") {
      const quoted = c === '"' ? doubleQuoted(line, p) : singleQuoted(line, p);
      if (!restIsEmpty(line, quoted.end)) throw GIVE_UP;
      this.i = this.nextContent(this.i + 1);
      return keep(quoted.value);
    }
    if (c === '|' || c === '>') return this.blockScalar(line, p, parentCol);
    if (c === '[' || c === '{') {
      const flow = readFlow(line, p);
      if (!restIsEmpty(line, flow.end)) throw GIVE_UP;
      this.i = this.nextContent(this.i + 1);
      // A more indented line next would be a continuation (or an error): the full parser decides.
      if (this.i < this.lines.length && indentOf(this.lines.at(this.i)) > parentCol) throw GIVE_UP;
      return flow.value;
    }
    if (INDICATOR.has(c)) throw GIVE_UP;
    if ((c === '-' || c === '?' || c === ':') && (p + 1 === line.length || line[p + 1] === ' ')) throw GIVE_UP;
    const hash = line.indexOf(' #', p);
    const text = (hash === -1 ? line.slice(p) : line.slice(p, hash)).trimEnd();
    // `a: b: c` is an error and `a: b:` a nested key: the full parser says which.
    if (text.includes(': ') || text.endsWith(':')) throw GIVE_UP;
    this.i = this.nextContent(this.i + 1);
    // A more indented line next would continue this scalar over several lines.
    if (this.i < this.lines.length && indentOf(this.lines.at(this.i)) > parentCol) throw GIVE_UP;
    return plainValue(text);
  }

  /** `|` or `>` with optional chomping (`-`, `+`) and a comment; explicit indentation gives up. */
  private blockScalar(line: string, p: number, parentCol: number): string {
    const folded = line[p] === '>';
    let q = p + 1;
    const chomp = line[q] === '-' || line[q] === '+' ? line[q++] : '';
    if (!restIsEmpty(line, q) || (q < line.length && line[q] !== ' ')) throw GIVE_UP;
    const lines = this.lines;
    let i = this.i + 1;
    while (i < lines.length && lines.at(i) === '') i++;
    if (i >= lines.length) throw GIVE_UP;
    const indent = indentOf(lines.at(i));
    if (indent <= parentCol || indent === lines.at(i).length) throw GIVE_UP;
    const leadingBlank = i - (this.i + 1);
    const body: string[] = [];
    let trailingBlank = 0;
    for (; i < lines.length; i++) {
      const current = lines.at(i);
      if (isBlank(current)) {
        // Spaces past the indentation on an empty line are content; leave that to the full parser.
        if (current.length > indent) throw GIVE_UP;
        trailingBlank++;
        continue;
      }
      if (indentOf(current) < indent) break;
      for (; trailingBlank > 0; trailingBlank--) body.push('');
      body.push(current.slice(indent));
    }
    // A block that runs to the end of a file without a final newline: the full parser decides.
    if (i >= lines.length && trailingBlank === 0) throw GIVE_UP;
    if (folded && (leadingBlank > 0 || body.some((l) => l.charCodeAt(0) === 0x20))) throw GIVE_UP;
    let text = '\n'.repeat(leadingBlank) + (folded ? fold(body) : body.join('\n'));
    // The line that ends the block (or the file's end) leaves one line break per trailing blank line.
    const breaks = i >= lines.length ? trailingBlank : trailingBlank + 1;
    if (chomp === '+') text += '\n'.repeat(breaks);
    else if (chomp === '') text += '\n';
    this.i = this.nextContent(i);
    return keep(text);
  }
}

/** Characters that end a plain scalar inside a flow collection. */
const FLOW_END = new Set([',', ']', '}']);

function skipSpaces(line: string, p: number): number {
  while (line.charCodeAt(p) === 0x20) p++;
  return p;
}

/**
 * A flow collection (`[...]` or `{...}`) at `p` that closes on this line, holding plain or quoted
 * one-line scalars and further such collections. Empty entries, single-pair mappings in sequences
 * (`[a: 1]`), keys without values, comments and anything unusual give up.
 */
function readFlow(line: string, p: number): { value: unknown; end: number } {
  const close = line[p] === '[' ? ']' : '}';
  const isMap = close === '}';
  const seq: unknown[] = [];
  const map: Record<string, unknown> = {};
  let q = skipSpaces(line, p + 1);
  while (line[q] !== close) {
    if (isMap) {
      const key = flowNode(line, q, true);
      if (typeof key.value !== 'string') throw GIVE_UP;
      const name = checkedKey(key.value);
      if (Object.hasOwn(map, name)) throw GIVE_UP;
      q = skipSpaces(line, key.end);
      // `{a}` and `{a, b}` (keys with no value) are the full parser's job.
      if (line[q] !== ':') throw GIVE_UP;
      q = skipSpaces(line, q + 1);
      if (q >= line.length || FLOW_END.has(line[q]!)) throw GIVE_UP;
      const value = flowNode(line, q, false);
      map[name] = value.value;
      q = skipSpaces(line, value.end);
    } else {
      const item = flowNode(line, q, false);
      q = skipSpaces(line, item.end);
      if (line[q] === ':') throw GIVE_UP; // `[a: 1]` is a one-pair mapping
      seq.push(item.value);
    }
    if (line[q] === ',') {
      q = skipSpaces(line, q + 1);
      if (line[q] === ',') throw GIVE_UP;
    } else if (line[q] !== close) throw GIVE_UP;
  }
  return { value: isMap ? map : exactLength(seq), end: q + 1 };
}

/** One entry inside a flow collection; a plain key (`asKey`) that is not a string (`{1: a}`) gives up. */
function flowNode(line: string, p: number, asKey: boolean): { value: unknown; end: number } {
  const c = line[p];
  if (c === undefined) throw GIVE_UP;
  if (c === '"' || c === "'") {
    const quoted = c === '"' ? doubleQuoted(line, p) : singleQuoted(line, p);
    return { value: asKey ? quoted.value : keep(quoted.value), end: quoted.end };
  }
  if (c === '[' || c === '{') {
    if (asKey) throw GIVE_UP;
    return readFlow(line, p);
  }
  if (INDICATOR.has(c)) throw GIVE_UP;
  if (
    (c === '-' || c === '?' || c === ':') &&
    (p + 1 === line.length || line[p + 1] === ' ' || FLOW_END.has(line[p + 1]!))
  )
    throw GIVE_UP;
  let q = p;
  for (; q < line.length; q++) {
    const ch = line[q]!;
    if (FLOW_END.has(ch)) break;
    if (ch === '[' || ch === '{') throw GIVE_UP;
    if (ch === '#' && line[q - 1] === ' ') throw GIVE_UP; // a comment: the collection goes on below
    // A colon inside a plain scalar (`openai:gpt-4o`) is the full parser's call; one before a space
    // or the end of the entry ends a key.
    if (ch === ':') {
      const next = line[q + 1];
      if (next === undefined || next === ' ' || FLOW_END.has(next)) break;
      throw GIVE_UP;
    }
  }
  if (q >= line.length) throw GIVE_UP;
  const raw = line.slice(p, q).trimEnd();
  if (raw === '') throw GIVE_UP;
  if (asKey) {
    if (resolvePlain(raw) !== raw) throw GIVE_UP;
    return { value: raw, end: p + raw.length };
  }
  return { value: plainValue(raw), end: p + raw.length };
}

/** Folds lines (`>`): single line breaks become spaces, each empty line a line break. */
function fold(body: string[]): string {
  let out = body[0] ?? '';
  let empty = 0;
  for (let k = 1; k < body.length; k++) {
    const line = body[k]!;
    if (line === '') {
      empty++;
      continue;
    }
    out += empty === 0 ? ` ${line}` : '\n'.repeat(empty) + line;
    empty = 0;
  }
  return out;
}

/** Keys the full parser treats specially (merge keys, `__proto__`) go to it. */
function checkedKey(key: string): string {
  if (key === '<<' || key === '__proto__') throw GIVE_UP;
  return key;
}

/** A double-quoted scalar that closes on the same line; `end` is the index after the closing quote. */
function doubleQuoted(line: string, start: number): { value: string; end: number } {
  let out = '';
  let from = start + 1;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '"') return { value: out + line.slice(from, i), end: i + 1 };
    if (c !== '\\') continue;
    out += line.slice(from, i);
    const e = line[i + 1];
    if (e === undefined) throw GIVE_UP;
    const length = HEX_LENGTH[e];
    if (length) {
      const hex = line.slice(i + 2, i + 2 + length);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw GIVE_UP;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw GIVE_UP;
      out += String.fromCodePoint(code);
      i += 1 + length;
    } else {
      const escaped = ESCAPES[e];
      if (escaped === undefined) throw GIVE_UP;
      out += escaped;
      i += 1;
    }
    from = i + 1;
  }
  throw GIVE_UP; // continues on the next line
}

/** A single-quoted scalar (`''` is a quote) that closes on the same line. */
function singleQuoted(line: string, start: number): { value: string; end: number } {
  let out = '';
  let from = start + 1;
  for (let i = from; i < line.length; i++) {
    if (line[i] !== "'") continue;
    if (line[i + 1] === "'") {
      out += line.slice(from, i + 1);
      i++;
      from = i + 1;
      continue;
    }
    return { value: out + line.slice(from, i), end: i + 1 };
  }
  throw GIVE_UP;
}
