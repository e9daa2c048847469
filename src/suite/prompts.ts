// Turns the `prompts:` entries of a config (strings, file references, globs, chat messages,
// {id/raw, label} objects, functions) into Prompt objects with stable ids.

import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { ConfigError } from '../errors.js';
import { FILE_SCHEME, expandPaths, hasGlob, requireFile, stripFileScheme } from '../config/file-ref.js';
import { checkPromptSyntax } from './prompt-syntax.js';
import type { Origin } from '../config/merge.js';
import type { Problems } from '../config/problems.js';
import { parseFileReference } from '../scripting/load-module.js';
import { readPromptFile, shorten, type PromptDraft } from './prompt-files.js';
import type { Prompt, PromptFunction } from './types.js';

type Raw = Record<string, unknown>;

export const DEFAULT_PROMPT = '{{prompt}}';

/** Extensions that make a bare string (no `file://`) a file path rather than prompt text. */
const FILE_LIKE = /^[^\s]+\.(?:txt|md|j2|json|jsonl|ya?ml|csv|[cm]?[jt]s|py)(?::[\w$]+)?$/i;

export function promptId(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

function isMessage(value: unknown): value is Raw {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as Raw).role === 'string' &&
    'content' in (value as Raw)
  );
}

/** Builds prompts from config entries; problems are recorded with the entry's location. */
export async function buildPrompts(
  entries: ReadonlyArray<{ item: unknown; origin: Origin }>,
  basePath: string,
  problems: Problems,
): Promise<Prompt[]> {
  const prompts: Prompt[] = [];
  for (let i = 0; i < entries.length; i++) {
    const { item, origin } = entries[i]!;
    const location = { file: origin.file, keyPath: origin.keyPath };
    const before = prompts.length;
    try {
      if (isMessage(item)) {
        // Consecutive inline chat messages form one conversation prompt.
        const messages: Raw[] = [item];
        while (i + 1 < entries.length && isMessage(entries[i + 1]!.item)) messages.push(entries[++i]!.item as Raw);
        prompts.push(chatPrompt(messages, undefined));
      } else if (Array.isArray(item)) {
        prompts.push(chatPrompt(item as Raw[], undefined));
      } else if (typeof item === 'function') {
        const fn = item as PromptFunction;
        prompts.push(finish({ raw: String(fn), label: fn.name || 'prompt function', function: fn }));
      } else if (typeof item === 'string') {
        prompts.push(...(await fromString(item, undefined, basePath)).map((d) => finish(d)));
      } else if (item && typeof item === 'object') {
        prompts.push(...(await fromObject(item as Raw, basePath)));
      } else {
        throw new ConfigError(
          `A prompt must be text, a file:// path, chat messages or {raw, label}; got ${String(item)}.`,
          location,
        );
      }
      for (const prompt of prompts.slice(before)) checkPromptSyntax(prompt, location);
    } catch (err) {
      problems.addThrown(err, location);
    }
  }
  return prompts;
}

function chatPrompt(messages: Raw[], label: string | undefined): Prompt {
  const raw = JSON.stringify(messages);
  return finish({ raw, label: label ?? shorten(raw) });
}

function finish(draft: PromptDraft, extra: { id?: string; config?: Raw } = {}): Prompt {
  const prompt: Prompt = { id: extra.id ?? promptId(draft.raw), raw: draft.raw, label: draft.label };
  if (draft.function) prompt.function = draft.function;
  if (extra.config) prompt.config = extra.config;
  return prompt;
}

async function fromObject(obj: Raw, basePath: string): Promise<Prompt[]> {
  const label = typeof obj.label === 'string' ? obj.label : undefined;
  const config = obj.config && typeof obj.config === 'object' ? (obj.config as Raw) : undefined;
  if (typeof obj.function === 'function') {
    const fn = obj.function as PromptFunction;
    return [
      finish(
        {
          raw: typeof obj.raw === 'string' ? obj.raw : String(fn),
          label: label ?? (fn.name || 'prompt function'),
          function: fn,
        },
        { config },
      ),
    ];
  }
  const source = typeof obj.raw === 'string' ? obj.raw : typeof obj.id === 'string' ? obj.id : undefined;
  if (source === undefined) {
    throw new ConfigError('A prompt object needs `raw` (the template) or `id` (a file:// path).', {});
  }
  // A user id is kept only when it is not itself the prompt's source.
  const id = typeof obj.raw === 'string' && typeof obj.id === 'string' ? obj.id : undefined;
  const drafts = await fromString(source, label, basePath);
  return drafts.map((d, index) => finish(d, { id: id && drafts.length > 1 ? `${id}:${index}` : id, config }));
}

async function fromString(text: string, label: string | undefined, basePath: string): Promise<PromptDraft[]> {
  const scheme = text.startsWith(FILE_SCHEME);
  const looksLikeFile =
    scheme || (!text.includes('\n') && (FILE_LIKE.test(text) || (!/\s/.test(text) && text.includes('*'))));
  if (!looksLikeFile) return [{ raw: text, label: label ?? text }];
  const { path, exportName } = parseFileReference(stripFileScheme(text));
  const matches = await expandPaths(path, basePath);
  if (hasGlob(path)) {
    if (matches.length === 0) {
      if (scheme) throw new ConfigError(`No prompt files match ${text} (looked in ${basePath}).`, {}, 'FILE_NOT_FOUND');
      return [{ raw: text, label: label ?? text }];
    }
  }
  const drafts: PromptDraft[] = [];
  for (const absolute of matches) {
    requireFile(absolute, {}, 'Prompt file');
    const display = hasGlob(path) ? relative(basePath, absolute) : path;
    drafts.push(...(await readPromptFile(absolute, display, label, exportName)));
  }
  return drafts;
}
