// Reads tool calls out of an output in any shape providers produce (Assay's, OpenAI tool_calls and
// function_call, Responses, Anthropic tool_use, Google functionCall) and the tool schemas in a
// provider's config (`tools`, `functions`), so the tool assertions work on all of them.

import { loadFileValue } from '../engine/assertion-value.js';
import { extractJsonValues } from '../json/json-extract.js';
import { renderDeep } from '../../template/environment.js';
import type { Vars } from '../../suite/types.js';

export interface ToolCall {
  name: string;
  /** Parsed arguments (an object for well-formed calls). */
  arguments: unknown;
  /** Set when the arguments were a string that is not JSON. */
  argumentsError?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The tool calls in an output; undefined when the output holds none. `inText` also finds calls
 * written as JSON inside text (several serialized calls, one per line), as tool-call-f1 needs.
 */
export function extractToolCalls(output: unknown, options: { inText?: boolean } = {}): ToolCall[] | undefined {
  const calls = collect(output, 0, options.inText === true);
  return calls.length > 0 ? calls : undefined;
}

function collect(value: unknown, depth: number, inText = false): ToolCall[] {
  if (depth > 4) return [];
  if (typeof value === 'string') {
    const trimmed = value.trim();
    try {
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) return collect(JSON.parse(trimmed), depth + 1);
    } catch {
      // Not one JSON document; fall through to the embedded search when allowed.
    }
    return inText ? extractJsonValues(trimmed).flatMap((item) => collect(item, depth + 1)) : [];
  }
  if (Array.isArray(value)) return value.flatMap((item) => collect(item, depth + 1));
  if (!isObj(value)) return [];
  if (Array.isArray(value.tool_calls)) return collect(value.tool_calls, depth + 1);
  if (isObj(value.function_call)) return single(value.function_call);
  if (isObj(value.toolCall) && Array.isArray(value.toolCall.functionCalls))
    return collect(value.toolCall.functionCalls, depth + 1);
  if (isObj(value.functionCall))
    return single({
      name: value.functionCall.name,
      arguments: value.functionCall.args ?? value.functionCall.arguments,
    });
  if (value.type === 'tool_use') return single({ name: value.name, arguments: value.input });
  if (isObj(value.function) && typeof value.function.name === 'string') {
    // Assay's own shape carries both the parsed object and the JSON string; prefer the parsed one.
    return single({
      name: value.function.name,
      arguments: isObj(value.arguments) ? value.arguments : value.function.arguments,
    });
  }
  if (
    typeof value.name === 'string' &&
    ('arguments' in value || 'args' in value || 'input' in value || value.type === 'function_call')
  ) {
    return single({ name: value.name, arguments: value.arguments ?? value.args ?? value.input });
  }
  return [];
}

function single(raw: Obj): ToolCall[] {
  if (typeof raw.name !== 'string' || raw.name === '') return [];
  const args = raw.arguments;
  if (typeof args === 'string') {
    if (args.trim() === '') return [{ name: raw.name, arguments: {} }];
    try {
      return [{ name: raw.name, arguments: JSON.parse(args) }];
    } catch (err) {
      return [{ name: raw.name, arguments: args, argumentsError: (err as Error).message }];
    }
  }
  return [{ name: raw.name, arguments: args ?? {} }];
}

/** Tool name → parameters schema (undefined when the tool declares none). */
export type ToolDefinitions = Map<string, object | undefined>;

/** Reads `tools` and `functions` from a provider config (file:// lists loaded, templates rendered). */
export async function toolDefinitions(
  config: Record<string, unknown> | undefined,
  vars: Vars,
  basePath: string,
): Promise<ToolDefinitions> {
  const defs: ToolDefinitions = new Map();
  for (const key of ['tools', 'functions'] as const) {
    let list = config?.[key];
    if (typeof list === 'string' && list.startsWith('file://')) list = await loadFileValue(list, basePath);
    if (!Array.isArray(list)) continue;
    for (const entry of renderDeep(list, vars)) addDefinition(defs, entry);
  }
  return defs;
}

function addDefinition(defs: ToolDefinitions, entry: unknown): void {
  if (!isObj(entry)) return;
  if (Array.isArray(entry.functionDeclarations)) {
    for (const declaration of entry.functionDeclarations) addDefinition(defs, declaration);
    return;
  }
  const fn = isObj(entry.function) ? entry.function : entry;
  if (typeof fn.name !== 'string' || defs.has(fn.name)) return;
  const schema = fn.parameters ?? fn.input_schema ?? fn.inputSchema;
  defs.set(fn.name, isObj(schema) ? schema : undefined);
}
