// How a structured reply becomes `output` (documented in docs/output-shapes.md):
// tool calls → objects that read naturally in JavaScript assertions AND pass OpenAI-format tool
// checks; json_schema replies → the JSON text, with the parsed value in metadata.

import type { WireToolCall } from './wire.js';

/** One tool call as an output value. */
export interface ToolCallOutput {
  id?: string;
  type: 'function';
  /** The function's name (`output.name`). */
  name: string;
  /** The parsed arguments (`output.arguments.location`); the raw text if it is not valid JSON. */
  arguments: unknown;
  /** The wire form, with arguments as a JSON string, for OpenAI-format validators. */
  function: { name: string; arguments: string };
  /** Only on a single call: the wire list, so `output.tool_calls` readers find it too. */
  tool_calls?: Array<{ id?: string; type: 'function'; function: { name: string; arguments: string } }>;
}

function parseArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toOne(call: WireToolCall): ToolCallOutput {
  const wire = { name: call.function.name, arguments: call.function.arguments ?? '' };
  return { ...(call.id ? { id: call.id } : {}), type: 'function', name: wire.name, arguments: parseArguments(wire.arguments), function: wire };
}

/** One call → a single object (with `tool_calls` beside it); several → an array of objects. */
export function toolCallsOutput(calls: readonly WireToolCall[]): ToolCallOutput | ToolCallOutput[] {
  const outputs = calls.map(toOne);
  if (outputs.length !== 1) return outputs;
  const only = outputs[0]!;
  return { ...only, tool_calls: [{ ...(only.id ? { id: only.id } : {}), type: 'function', function: only.function }] };
}

/** A legacy `function_call` reply: the same shape, plus `function_call` for function-call validators. */
export function functionCallOutput(call: { name: string; arguments?: string }): ToolCallOutput & { function_call: { name: string; arguments: string } } {
  const wire = { name: call.name, arguments: call.arguments ?? '' };
  return { type: 'function', name: wire.name, arguments: parseArguments(wire.arguments), function: wire, function_call: wire };
}

/** Whether the request asked for JSON output (json_schema or json_object). */
export function wantsJson(responseFormat: unknown): boolean {
  const type = responseFormat && typeof responseFormat === 'object' ? (responseFormat as { type?: unknown }).type : undefined;
  return type === 'json_schema' || type === 'json_object';
}

/** The parsed value of a JSON reply, or undefined when the text is not JSON. */
export function parseJsonReply(text: string): unknown {
  const stripped = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  try {
    return JSON.parse(stripped);
  } catch {
    return undefined;
  }
}
