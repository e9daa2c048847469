// Parses YAML/JSON text (JSON is read by the YAML parser, as promptfoo does) and keeps enough of
// the document to point a later error at the line of a key path.

import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { checkDataDepth, MAX_YAML_ALIASES, structureError } from './data-limits.js';
import { parseYamlFast } from './fast-yaml.js';

export type KeyPath = ReadonlyArray<string | number>;

export interface ParsedSource {
  value: unknown;
  /** Line and column (1-based) of the node at `path`, or of its closest existing parent. */
  locate(path: KeyPath): { line: number; column: number } | undefined;
}

/** Parses YAML or JSON text. Syntax errors become ConfigError CONFIG_YAML_SYNTAX with line and column. */
export function parseYamlSource(text: string, file: string): ParsedSource {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    // JSON.parse is many times faster than the YAML parser; the document is only built to locate an error.
    try {
      const value: unknown = JSON.parse(text);
      checkDataDepth(value, file);
      let located: ParsedSource | undefined;
      return { value, locate: (path) => (located ??= parseWithYaml(text, file)).locate(path) };
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      // Not strict JSON (comments, YAML flow style): the YAML parser reads it or reports where it breaks.
    }
  }
  // Plain block YAML (most configs, and every large generated suite) is read without building the
  // yaml package's document; that document is built only if a later error needs a line number.
  const fast = parseYamlFast(text);
  if (fast !== undefined) {
    checkDataDepth(fast, file);
    let located: ParsedSource | undefined;
    return { value: fast, locate: (path) => (located ??= parseWithYaml(text, file)).locate(path) };
  }
  return parseWithYaml(text, file);
}

/**
 * The yaml parser reports indentation errors at the start of the line; the column that matters is
 * where the misplaced key starts, compared with the key above it.
 */
function indentationHint(text: string, line: number): { column: number; hint: string } | undefined {
  const lines = text.split(/\r?\n/);
  const current = lines[line - 1];
  if (current === undefined || current.trim() === '') return undefined;
  const column = current.length - current.trimStart().length + 1;
  for (let i = line - 2; i >= 0; i--) {
    const above = lines[i]!;
    if (above.trim() === '' || above.trimStart().startsWith('#')) continue;
    const aboveColumn = above.length - above.trimStart().length + 1;
    return { column, hint: ` This line starts at column ${column}; the line above starts at column ${aboveColumn}.` };
  }
  return { column, hint: '' };
}

function parseWithYaml(text: string, file: string): ParsedSource {
  const lineCounter = new LineCounter();
  // `merge: true` keeps YAML 1.1 `<<: *anchor` merge keys working, which js-yaml (promptfoo) accepts.
  const doc = guarded(file, () => parseDocument(text, { lineCounter, merge: true, prettyErrors: true }));
  const first = doc.errors[0];
  if (first) {
    const structural = structureError(first, file);
    if (structural) throw structural;
    const pos = first.linePos?.[0];
    const message = first.message.split(/ at line \d+, column \d+/)[0] ?? first.message;
    const indent = /indent|same column/i.test(message) && pos ? indentationHint(text, pos.line) : undefined;
    throw new ConfigError(
      `Invalid YAML: ${message}.${indent?.hint ?? ''} Fix the syntax at this line and run again.`,
      { file, line: pos?.line, column: indent?.column ?? pos?.col },
      'CONFIG_YAML_SYNTAX',
    );
  }
  const value: unknown = guarded(file, () => doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }));
  checkDataDepth(value, file);
  return {
    value,
    locate(path) {
      for (let length = path.length; length >= 0; length--) {
        const node = doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
        if (node && typeof node === 'object' && node.range) {
          const pos = lineCounter.linePos(node.range[0]);
          return { line: pos.line, column: pos.col };
        }
      }
      return undefined;
    },
  };
}

/** Runs a parser step, turning an alias bomb or a stack overflow from deep nesting into a ConfigError naming the file. */
function guarded<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw structureError(err, file) ?? err;
  }
}

/** Formats a key path the way users read it: `providers[1].config.url`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
