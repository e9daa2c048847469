// Loads a grader prompt (the default, or a `rubricPrompt` given as text, chat messages or a
// file:// path) and renders it with Nunjucks; chat prompts are sent to the grader as JSON text.

import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AssayError, errorMessage } from '../../errors.js';
import { importModule, parseFileReference, pickExport } from '../../scripting/load-module.js';
import type { ChatMessage } from '../../suite/types.js';
import { renderTemplate } from '../../template/environment.js';
import { ReadMemo } from '../engine/read-memo.js';

const SCRIPT_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);
const files = new ReadMemo<string>(200);

/** The prompt template to use: `custom` when given (text, messages, file://), else the default. */
export async function loadRubricPrompt(custom: unknown, fallback: ChatMessage[], basePath: string): Promise<string> {
  if (isEmpty(custom)) return JSON.stringify(fallback);
  if (typeof custom === 'string') return custom.startsWith('file://') ? loadPromptFile(custom, basePath) : custom;
  if (typeof custom === 'object') return JSON.stringify(custom);
  throw new AssayError(
    'ASSERTION_INVALID',
    `rubricPrompt must be text, a list of chat messages or a file:// path, not ${typeof custom}`,
  );
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  return typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

function loadPromptFile(reference: string, basePath: string): Promise<string> {
  return files.get(`${basePath}\0${reference}`, () => readPromptFile(reference, basePath));
}

async function readPromptFile(reference: string, basePath: string): Promise<string> {
  const { path, exportName } = parseFileReference(reference);
  const ext = extname(path).toLowerCase();
  if (SCRIPT_EXTENSIONS.has(ext)) {
    const mod = await importModule(path, basePath);
    const picked = pickExport(mod, exportName, `rubricPrompt ${reference}`);
    const value = typeof picked === 'function' ? await (picked as () => unknown)() : picked;
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') return JSON.stringify(value);
    throw new AssayError(
      'ASSERTION_INVALID',
      `rubricPrompt ${reference} must export (or return) text or chat messages`,
    );
  }
  const absolute = resolve(basePath, path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    throw new AssayError('FILE_NOT_FOUND', `rubricPrompt ${reference}: cannot read ${absolute} (${errorMessage(err)})`);
  }
  if (ext === '.yaml' || ext === '.yml') {
    try {
      return JSON.stringify(parseYaml(text));
    } catch (err) {
      throw new AssayError(
        'ASSERTION_INVALID',
        `rubricPrompt ${reference}: ${absolute} is not valid YAML (${errorMessage(err)})`,
      );
    }
  }
  return text;
}

/**
 * Renders a prompt template. Object vars are passed as JSON text so `{{ output }}` shows the
 * structure. A JSON template (chat messages) has each string rendered on its own, so quotes in
 * the output cannot break the JSON.
 */
export function renderRubricPrompt(template: string, vars: Record<string, unknown>): string {
  const flat = flattenVars(vars);
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && typeof parsed === 'object') {
    return JSON.stringify(renderLeaves(parsed, flat));
  }
  return renderTemplate(template, flat);
}

function renderLeaves(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') return renderTemplate(value, vars);
  if (Array.isArray(value)) return value.map((item) => renderLeaves(item, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderLeaves(item, vars)]));
  }
  return value;
}

function flattenVars(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(vars)) {
    if (Array.isArray(value))
      out[key] = value.map((item) => (item && typeof item === 'object' ? JSON.stringify(item) : item));
    else if (value && typeof value === 'object') out[key] = JSON.stringify(value);
    else out[key] = value;
  }
  return out;
}
