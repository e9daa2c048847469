// Turns zod issues into ConfigErrors that name the file, the key path and (for YAML) the line.
// Unions are unfolded to the branch whose shape matched, so the path points at the real problem.

import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { formatKeyPath, type KeyPath } from './source.js';
import { parseOptionsFor } from './zod-fast-path.js';

type Issue = z.core.$ZodIssue;

export interface SourceContext {
  /** The file as the user named it; undefined for library input. */
  file?: string;
  locate?: (path: KeyPath) => { line: number; column: number } | undefined;
  /** Key path of `value` inside the file (e.g. `['tests', 3]`), prefixed to every issue. */
  prefix?: KeyPath;
  /** The same as text (e.g. `tests[3]`), when the path is only known as text. */
  prefixText?: string;
}

/** Validates `value`; returns the parsed value or every problem as a ConfigError. */
export function checkShape<T>(
  schema: z.ZodType<T>,
  value: unknown,
  source: SourceContext,
): { value?: T; errors: ConfigError[] } {
  const result = schema.safeParse(value, parseOptionsFor(schema, value));
  if (result.success) return { value: result.data, errors: [] };
  const prefix = source.prefix ?? [];
  const found = flatten(result.error.issues, [], value);
  const seen = new Set<string>();
  const errors: ConfigError[] = [];
  for (const { path, message } of found) {
    const fullPath = [...prefix, ...path];
    const formatted = formatKeyPath(fullPath);
    const keyPath = joinKeyPath(source.prefixText, formatted) || undefined;
    const dedupeKey = `${keyPath}|${message}`;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    const pos = source.locate?.(fullPath);
    errors.push(
      new ConfigError(message, { file: source.file, keyPath, line: pos?.line, column: pos?.column }, 'CONFIG_INVALID'),
    );
  }
  return { errors };
}

export function joinKeyPath(prefix: string | undefined, rest: string): string {
  if (!prefix) return rest;
  if (!rest) return prefix;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}

function flatten(issues: readonly Issue[], base: KeyPath, root: unknown): Array<{ path: KeyPath; message: string }> {
  const out: Array<{ path: KeyPath; message: string }> = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as Array<string | number>)];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const matched = issue.errors.filter(
        (branch) => !branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'custom')),
      );
      if (matched.length > 0) {
        // A branch that only misses required keys is probably the wrong one: weigh those higher.
        const weight = (branch: readonly Issue[]) =>
          branch.reduce((n, i) => n + (/received undefined$/.test(i.message) ? 3 : 1), 0);
        const best = matched.reduce((a, b) => (weight(b) < weight(a) ? b : a));
        out.push(...flatten(best, path, root));
        continue;
      }
      const expected = new Set<string>();
      for (const branch of issue.errors) {
        for (const i of branch) {
          if (i.path.length !== 0) continue;
          if (i.code === 'invalid_type') expected.add(i.expected === 'object' ? 'an object' : i.expected);
          else if (i.code === 'custom') expected.add('a function');
        }
      }
      out.push({ path, message: `expected ${[...expected].join(' or ')}, got ${describe(valueAt(root, path))}` });
      continue;
    }
    if (issue.code === 'invalid_type') {
      out.push({ path, message: `expected ${issue.expected}, got ${describe(valueAt(root, path))}` });
      continue;
    }
    out.push({ path, message: issue.message });
  }
  return out;
}

function valueAt(root: unknown, path: KeyPath): unknown {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}
