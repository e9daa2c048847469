// Parses the list value of contains-any/-all: a YAML list, or a string of comma-separated items
// where double quotes keep commas inside an item (`"a, b", c`), with `\"` or `""` for a quote.

import { AssayError } from '../../errors.js';

export function parseListValue(value: unknown, type: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' && value !== '') return splitCommaList(value, type);
  if (typeof value === 'number') return [value];
  throw new AssayError('ASSERTION_INVALID', `"${type}" needs a value: a list of strings or a comma-separated string`);
}

function splitCommaList(text: string, type: string): string[] {
  const items: string[] = [];
  let i = 0;
  while (i < text.length) {
    // Blank space and repeated commas between items produce no empty items.
    while (i < text.length && (text[i] === ',' || /\s/.test(text[i]!))) i++;
    if (i >= text.length) break;
    if (text[i] === '"') {
      const { item, end } = readQuoted(text, i, type);
      items.push(item);
      i = end;
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (i < text.length && text[i] !== ',') {
        throw new AssayError('ASSERTION_INVALID', `"${type}" value: expected a comma after the quoted item "${item}"`);
      }
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      items.push(text.slice(i, end).trim());
      i = end;
    }
  }
  return items;
}

function readQuoted(text: string, start: number, type: string): { item: string; end: number } {
  let item = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '\\' && (next === '"' || next === '\\')) {
      item += next;
      i++;
    } else if (ch === '"' && next === '"') {
      item += '"';
      i++;
    } else if (ch === '"') {
      return { item, end: i + 1 };
    } else {
      item += ch;
    }
  }
  throw new AssayError('ASSERTION_INVALID', `"${type}" value has an unterminated quoted item: close the double quote`);
}
