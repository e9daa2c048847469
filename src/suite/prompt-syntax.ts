// Compiles each prompt template when the suite loads, so a Nunjucks syntax error is one config
// error naming the prompt instead of an [ERROR] in every cell of its column.

import { ConfigError, errorMessage } from '../errors.js';
import { compileTemplate } from '../template/environment.js';
import { wrapPartialTags } from './render-prompt.js';
import type { Prompt } from './types.js';

/** Throws ConfigError (at `location`) when the prompt's template, or a JSON prompt's string leaf, does not compile. */
export function checkPromptSyntax(prompt: Prompt, location: { file?: string; keyPath: string }): void {
  if (prompt.function) return;
  for (const source of templateSources(prompt.raw)) {
    try {
      compileTemplate(source);
    } catch (err) {
      throw new ConfigError(
        `Prompt "${shorten(prompt.label)}" is not a valid Nunjucks template: ${cleanNunjucksMessage(errorMessage(err))}. Fix the template syntax, or wrap literal braces in {% raw %}...{% endraw %}.`,
        location,
        'CONFIG_INVALID',
      );
    }
  }
}

/** The strings rendering will compile: each string leaf of a JSON prompt, else the whole text. */
function templateSources(raw: string): string[] {
  const first = raw.trimStart()[0];
  if (first === '[' || first === '{') {
    try {
      const leaves: string[] = [];
      collectStrings(JSON.parse(raw), leaves);
      return leaves;
    } catch {
      // Not JSON: rendered as plain text below.
    }
  }
  return [wrapPartialTags(raw)];
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => collectStrings(item, into));
}

function cleanNunjucksMessage(message: string): string {
  return message
    .replace(/^Template render error:\s*/, '')
    .replace(/\(unknown path\)\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
