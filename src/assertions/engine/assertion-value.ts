// Resolves an assertion's `value` for one row: strings rendered with the vars, file:// data
// loaded (.json/.yaml parsed, .txt trimmed), and file://x.js values run to produce the expected value.

import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AssayError, errorMessage } from '../../errors.js';
import type { Vars } from '../../suite/types.js';
import { renderTemplate } from '../../template/environment.js';
import { ReadMemo } from './read-memo.js';
import { loadScript } from '../script/script-cache.js';
import type { ScriptContext } from '../script/script-context.js';

const SCRIPT_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.py']);
const UNSUPPORTED_SCRIPTS = new Set(['.rb']);

export interface ResolvedValue {
  value: unknown;
  /** The rendered text when rendering changed it (shown instead of the template). */
  rendered?: string;
}

/**
 * The value when it needs no file and no script: a string that is not a file:// reference
 * (rendered with the vars), or anything but a string or a list. Undefined otherwise, and when
 * rendering throws: resolveAssertionValue then does the work and fails as it always has.
 */
export function plainAssertionValue(raw: unknown, vars: Vars): ResolvedValue | undefined {
  if (typeof raw === 'string') {
    if (raw.startsWith('file://')) return undefined;
    let rendered: string;
    try {
      rendered = renderTemplate(raw, vars);
    } catch {
      return undefined;
    }
    return rendered === raw ? { value: raw } : { value: rendered, rendered };
  }
  return Array.isArray(raw) ? undefined : { value: raw };
}

/**
 * `script` types (javascript) get their code rendered but not run here; for every other type a
 * file://x.js value is called with `(output, context)` and its result becomes the expected value.
 */
export async function resolveAssertionValue(
  raw: unknown,
  options: {
    type: string;
    isScript: boolean;
    vars: Vars;
    basePath: string;
    output: unknown;
    context: () => ScriptContext;
  },
): Promise<ResolvedValue> {
  if (typeof raw === 'string') {
    if (raw.startsWith('file://')) {
      if (options.isScript) return { value: raw };
      const path = raw.slice('file://'.length).replace(/:[A-Za-z_$][\w$]*$/, '');
      const ext = extname(path).toLowerCase();
      if (SCRIPT_EXTENSIONS.has(ext)) return { value: await runValueScript(raw, options) };
      if (UNSUPPORTED_SCRIPTS.has(ext)) {
        throw new AssayError(
          'ASSERTION_INVALID',
          `"${options.type}" value ${raw}: Ruby scripts are not supported; write the script in JavaScript or Python`,
        );
      }
      return { value: await loadFileValue(raw, options.basePath) };
    }
    const rendered = renderTemplate(raw, options.vars);
    return rendered === raw ? { value: raw } : { value: rendered, rendered };
  }
  if (Array.isArray(raw)) {
    const items = await Promise.all(
      raw.map((item) => {
        if (typeof item !== 'string') return item;
        return item.startsWith('file://') ? loadFileValue(item, options.basePath) : renderTemplate(item, options.vars);
      }),
    );
    return { value: items };
  }
  return { value: raw };
}

async function runValueScript(
  reference: string,
  options: { type: string; basePath: string; output: unknown; context: () => ScriptContext },
): Promise<unknown> {
  const fn = await loadScript(reference, {
    basePath: options.basePath,
    what: `"${options.type}" value`,
    style: 'assertion',
    inputName: 'output',
  });
  const result = await fn(options.output, options.context());
  const problem =
    typeof result === 'function'
      ? 'a function'
      : typeof result === 'boolean'
        ? 'a boolean'
        : result && typeof result === 'object' && !Array.isArray(result) && 'pass' in result
          ? 'a GradingResult'
          : undefined;
  if (problem) {
    throw new AssayError(
      'ASSERTION_INVALID',
      `Script for "${options.type}" assertion returned ${problem}. Only javascript assertions can return pass/fail; return the expected value (string, number, array, or object) instead`,
    );
  }
  return result;
}

const files = new ReadMemo<unknown>(1_000);

/** Reads and parses a file:// value once per path; rows share the parsed value read-only. */
export function loadFileValue(reference: string, basePath: string): Promise<unknown> {
  const absolute = resolve(basePath, reference.slice('file://'.length));
  return files.get(absolute, () => readAndParse(absolute, reference));
}

async function readAndParse(absolute: string, reference: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    throw new AssayError(
      'FILE_NOT_FOUND',
      `Assertion value ${reference}: cannot read ${absolute} (${errorMessage(err)})`,
    );
  }
  const ext = extname(absolute).toLowerCase();
  try {
    if (ext === '.json') return JSON.parse(text);
    if (ext === '.yaml' || ext === '.yml') return parseYaml(text);
  } catch (err) {
    throw new AssayError(
      'ASSERTION_INVALID',
      `Assertion value ${reference}: ${absolute} is not valid ${ext.slice(1).toUpperCase()} (${errorMessage(err)})`,
    );
  }
  return text.trim();
}
