// Test vars at run time: `expandVarCombinations` turns list-valued vars into the cartesian product
// of test rows; `loadVarFiles` replaces `file://` values with file contents (text, parsed data,
// JS/TS function results, images as data URLs) just before a step renders.

import { access, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { AssayError, errorMessage } from '../errors.js';
import { resolveRefPath } from '../config/file-ref.js';
import { checkDataDepth, structureError } from '../config/data-limits.js';
import { parse as parseYaml } from 'yaml';
import { importModule, parseFileReference, pickExport } from '../scripting/load-module.js';
import { isTemplate } from '../template/environment.js';
import type { Vars } from './types.js';

/**
 * One Vars object per combination. A var whose value is a list whose first item is a string is
 * expanded (one row per item); other lists, objects and scalars stay single values. The first
 * var varies slowest, so rows come out in the order a nested loop over the keys would give.
 */
export function expandVarCombinations(vars: Vars): Vars[] {
  const keys = Object.keys(vars);
  // Most tests (every CSV row) have no list to expand: one row, copied key by key as below, without
  // the pairs and one-item lists the general case builds for every var of every walk.
  let lists = false;
  for (let i = 0; i < keys.length && !lists; i++) lists = isExpandedList(vars[keys[i]!]);
  if (!lists) {
    const row: Vars = {};
    for (const key of keys) row[key] = vars[key];
    return [row];
  }
  let rows: Vars[] = [{}];
  for (const [key, value] of Object.entries(vars)) {
    const values = Array.isArray(value) && typeof value[0] === 'string' ? value : [value];
    if (values.length === 1) {
      for (const row of rows) row[key] = values[0];
      continue;
    }
    const next: Vars[] = [];
    for (const row of rows) for (const item of values) next.push({ ...row, [key]: item });
    rows = next;
  }
  return rows;
}

/** A list var expandVarCombinations makes one row per item of: its first item is a string. */
function isExpandedList(value: unknown): boolean {
  return Array.isArray(value) && typeof value[0] === 'string';
}

/** How many rows expandVarCombinations makes, without making them (progress totals count every test). */
export function countVarCombinations(vars: Vars): number {
  let rows = 1;
  for (const key of Object.keys(vars)) {
    const value = vars[key];
    if (Array.isArray(value) && typeof value[0] === 'string') rows *= value.length;
  }
  return rows;
}

const IMAGE_MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
};
const MEDIA = new Set(['.mp3', '.wav', '.ogg', '.flac', '.m4a', '.mp4', '.webm', '.mov']);
const SCRIPT = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.py']);
const MAX_CACHED_TEXT = 256 * 1024;
const textCache = new Map<string, string>();

export interface VarLoadContext {
  prompt?: string;
  provider?: { id: string; label?: string };
}

/** Returns a copy of `vars` with every `file://` value (and list item) loaded. */
export async function loadVarFiles(vars: Vars, basePath: string, context: VarLoadContext = {}): Promise<Vars> {
  let out: Vars | undefined;
  for (const [name, value] of Object.entries(vars)) {
    if (isFileValue(value)) {
      out ??= { ...vars };
      out[name] = await loadOne(name, value, basePath, vars, context);
    } else if (Array.isArray(value) && value.some(isFileValue)) {
      out ??= { ...vars };
      out[name] = await Promise.all(
        value.map((item) => (isFileValue(item) ? loadOne(name, item, basePath, vars, context) : item)),
      );
    }
  }
  return out ?? vars;
}

function isFileValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('file://') && !isTemplate(value);
}

async function loadOne(
  name: string,
  ref: string,
  basePath: string,
  vars: Vars,
  context: VarLoadContext,
): Promise<unknown> {
  const { path, exportName } = parseFileReference(ref);
  const absolute = resolveRefPath(path, basePath);
  try {
    await access(absolute);
  } catch {
    throw new AssayError('FILE_NOT_FOUND', `File for var "${name}" not found: ${absolute} (from ${ref}).`);
  }
  const ext = extname(absolute).toLowerCase();
  if (SCRIPT.has(ext)) return callVarScript(name, absolute, exportName, vars, context);
  if (IMAGE_MIME[ext]) {
    const bytes = await readFile(absolute);
    return `data:${sniffImageMime(bytes) ?? IMAGE_MIME[ext]};base64,${bytes.toString('base64')}`;
  }
  if (MEDIA.has(ext)) return (await readFile(absolute)).toString('base64');
  const text = await readText(absolute);
  if (ext === '.json' || ext === '.yaml' || ext === '.yml') {
    try {
      const parsed: unknown = ext === '.json' ? JSON.parse(text) : parseYaml(text);
      checkDataDepth(parsed, absolute);
      return withJsonText(parsed);
    } catch (err) {
      const structural = err instanceof AssayError ? err : structureError(err, absolute);
      if (structural) throw structural;
      throw new AssayError('CONFIG_INVALID', `Could not parse ${absolute} for var "${name}": ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }
  return text.trim();
}

/** Objects print as JSON in templates (`{{ data }}`), as promptfoo's text loading did, yet `{{ data.key }}` works. */
function withJsonText(value: unknown): unknown {
  if (value && typeof value === 'object') {
    Object.defineProperty(value, 'toString', {
      value: () => JSON.stringify(value),
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  return value;
}

async function readText(absolute: string): Promise<string> {
  const cached = textCache.get(absolute);
  if (cached !== undefined) return cached;
  const text = await readFile(absolute, 'utf8');
  if (text.length <= MAX_CACHED_TEXT) {
    if (textCache.size >= 500) textCache.clear();
    textCache.set(absolute, text);
  }
  return text;
}

async function callVarScript(
  name: string,
  absolute: string,
  exportName: string | undefined,
  vars: Vars,
  context: VarLoadContext,
): Promise<unknown> {
  const fn = pickExport(await importModule(absolute, '/'), exportName, `var "${name}" script`, 'get_var');
  if (typeof fn !== 'function')
    throw new AssayError(
      'CONFIG_INVALID',
      `Var "${name}": ${absolute} must export a function (varName, prompt, vars, provider) => { output }.`,
    );
  const result: unknown = await (fn as (...args: unknown[]) => unknown)(
    name,
    context.prompt ?? '',
    vars,
    context.provider,
  );
  if (result && typeof result === 'object' && !Array.isArray(result)) {
    const r = result as { output?: unknown; error?: unknown };
    if (r.error !== undefined && r.error !== null)
      throw new AssayError('CONFIG_INVALID', `Var "${name}" script ${absolute} failed: ${String(r.error)}`);
    if ('output' in r) return r.output;
  }
  return result;
}

/** Corrects the extension's guess from the file's magic bytes. */
function sniffImageMime(bytes: Buffer): string | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes.toString('latin1', 1, 4) === 'PNG') return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && bytes.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return undefined;
}
