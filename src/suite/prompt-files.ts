// Reads prompt files by extension: .txt (split on `---` lines), .md/.j2, .json, .jsonl, .yaml/.yml
// (chat messages become JSON text), .csv, and .js/.ts prompt functions (`file://x.js:fn`).

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { ConfigError, errorMessage } from '../errors.js';
import { importModule, pickExport } from '../scripting/load-module.js';
import type { PromptFunction } from './types.js';

/** A prompt read from a file, before ids are assigned. */
export interface PromptDraft {
  raw: string;
  label: string;
  function?: PromptFunction;
}

const SEPARATOR = /^---$/m;
export const SCRIPT_PROMPT_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts']);

/** Short text for labels: the first 80 characters on one line. */
export function shorten(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 3)}...` : oneLine;
}

/**
 * Reads one prompt file. `display` is the path as the user wrote it (for labels); `label` is the
 * user's label, if any; `exportName` picks a named export of a script.
 */
export async function readPromptFile(
  absolute: string,
  display: string,
  label: string | undefined,
  exportName: string | undefined,
): Promise<PromptDraft[]> {
  const ext = extname(absolute).toLowerCase();
  if (SCRIPT_PROMPT_EXTENSIONS.has(ext)) return [await readPromptFunction(absolute, display, label, exportName)];
  if (ext === '.py') return [await readPromptFunction(absolute, display, label, exportName)];
  const text = readFileSync(absolute, 'utf8');
  switch (ext) {
    case '.txt': {
      const chunks = text
        .split(SEPARATOR)
        .map((c) => c.trim())
        .filter(Boolean);
      if (chunks.length === 1 && label) return [{ raw: chunks[0]!, label }];
      return chunks.map((raw) => ({ raw, label: label ? `${label}: ${raw}` : `${display}: ${raw}` }));
    }
    case '.json': {
      let raw = text;
      try {
        raw = JSON.stringify(JSON.parse(text));
      } catch {
        // Not JSON after all: use the text as a plain template.
      }
      return [{ raw, label: label ?? `${display}: ${shorten(raw)}` }];
    }
    case '.jsonl':
      return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
        .map((raw, index) => ({ raw, label: label ? `${label}: ${index + 1}` : `${display}: ${shorten(raw)}` }));
    case '.yaml':
    case '.yml': {
      let parsed: unknown;
      try {
        parsed = parseYaml(text, { merge: true });
      } catch (err) {
        throw new ConfigError(
          `Could not parse prompt file ${display}: ${errorMessage(err)}`,
          {},
          'CONFIG_YAML_SYNTAX',
          { cause: err },
        );
      }
      const raw = typeof parsed === 'string' ? parsed : JSON.stringify(parsed);
      return [{ raw, label: label ?? `${display}: ${shorten(raw)}` }];
    }
    case '.csv':
      return readCsvPrompts(text, display, label);
    default:
      return [{ raw: text, label: label ?? `${display}: ${shorten(text)}` }];
  }
}

async function readPromptFunction(
  absolute: string,
  display: string,
  label: string | undefined,
  exportName: string | undefined,
): Promise<PromptDraft> {
  const name = exportName ? `${display}:${exportName}` : display;
  const picked = pickExport(await importModule(absolute, '/'), exportName, `prompt ${name}`);
  if (typeof picked !== 'function') {
    throw new ConfigError(
      `Prompt file ${name} must export a function (vars, provider) => string | messages.`,
      {},
      'CONFIG_INVALID',
    );
  }
  const fn = picked as PromptFunction;
  // A Python function's JS wrapper source says nothing; its file and name do.
  const raw = 'pythonFunction' in fn ? `file://${display}:${String(fn.pythonFunction)}` : String(fn);
  return { raw, label: label ?? name, function: fn };
}

function readCsvPrompts(text: string, display: string, label: string | undefined): PromptDraft[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!lines.some((l) => l.includes(','))) {
    return lines
      .filter((l, i) => !(i === 0 && l.trim() === 'prompt'))
      .map((raw) => ({ raw, label: label ? `${label}: ${raw}` : `${display}: ${shorten(raw)}` }));
  }
  const rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: false }) as Array<Record<string, string>>;
  return rows
    .filter((row) => row.prompt)
    .map((row) => ({
      raw: row.prompt!,
      label: row.label || (label ? `${label}: ${row.prompt}` : `${display}: ${shorten(row.prompt!)}`),
    }));
}
