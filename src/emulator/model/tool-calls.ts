// Decides whether the emulated model calls a tool, which one, and with what arguments (valid
// against the tool's parameters schema, string values taken from the prompt where possible).

import { contentWords, stem } from './text.js';
import { valueForSchema } from './schema-value.js';

export interface ToolSpec {
  name: string;
  description?: string;
  parameters?: unknown;
}

export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

export interface PlannedToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/**
 * Rule: `none` -> no call; a named choice -> that tool; `required` -> the most relevant tool
 * (ties: the first); `auto` -> the most relevant tool only when the prompt shares at least one
 * word stem with the tool's name or description, else a text answer.
 */
export function planToolCall(tools: ToolSpec[], choice: ToolChoice, prompt: string): PlannedToolCall | undefined {
  if (tools.length === 0 || choice === 'none') return undefined;
  let tool: ToolSpec | undefined;
  if (typeof choice === 'object') tool = tools.find((t) => t.name === choice.name);
  else {
    const scored = tools.map((t) => ({ t, score: relevance(t, prompt) }));
    const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
    tool = choice === 'required' || best.score > 0 ? best.t : undefined;
  }
  if (!tool) return undefined;
  return { name: tool.name, arguments: argumentsFor(tool.parameters, prompt) };
}

function relevance(tool: ToolSpec, prompt: string): number {
  const toolStems = new Set(contentWords(`${tool.name.replace(/[_-]+/g, ' ')} ${tool.description ?? ''}`).map(stem));
  return new Set(
    contentWords(prompt)
      .map(stem)
      .filter((s) => toolStems.has(s)),
  ).size;
}

/** Required properties always; optional ones only when the prompt names a value for them. */
export function argumentsFor(parameters: unknown, prompt: string): Record<string, unknown> {
  if (typeof parameters !== 'object' || parameters === null) return {};
  const schema = parameters as Record<string, unknown>;
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const stringFor = (name: string) => valueFromPrompt(name, prompt);
  const full = valueForSchema(schema, { prompt, stringFor }) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(full)) {
    if (required.has(name) || (name in props && explicitValue(name, prompt) !== undefined)) out[name] = full[name];
  }
  return out;
}

const PLACE_NAMES = /^(location|city|place|address|destination|origin|country|region|state|town|where|area)$/i;

/** A value for a string property: `name: value` in the prompt, a place after in/at/for, or undefined. */
export function valueFromPrompt(propName: string, prompt: string): string | undefined {
  const explicit = explicitValue(propName, prompt);
  if (explicit !== undefined) return explicit;
  if (PLACE_NAMES.test(propName) || /location|city|place/i.test(propName)) return placeIn(prompt);
  return undefined;
}

function explicitValue(propName: string, prompt: string): string | undefined {
  const label = propName.replace(/[_-]+/g, '[ _-]?');
  const m = new RegExp(`\\b${label}\\s*(?:[:=]|\\bis\\b)\\s*["']?([^"'\\n,;?]+)`, 'i').exec(prompt);
  return m?.[1]?.trim() || undefined;
}

/** "What's the weather like in New York, NY?" -> "New York, NY". */
function placeIn(prompt: string): string | undefined {
  const re = /\b(?:in|at|for|near|to|from)\s+((?:[A-Z][\p{L}.'-]*)(?:[ ,]+(?:[A-Z][\p{L}.'-]*))*)/gu;
  let last: string | undefined;
  for (const m of prompt.matchAll(re)) last = m[1]?.replace(/[ ,]+$/, '');
  return last;
}
