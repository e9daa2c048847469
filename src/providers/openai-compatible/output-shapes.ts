// How a structured reply becomes `output` (documented in docs/output-shapes.md): tool calls →
// promptfoo's shape, the wire `tool_calls` array (JavaScript assertions also see `name` and parsed
// `arguments` on it, added by assertions/tools/tool-call-view.ts); json_schema replies → the JSON text,
// with the parsed value in metadata.

import type { WireToolCall } from './wire.js';

/** One tool call as an output value: exactly the OpenAI wire form (arguments as a JSON string). */
export interface ToolCallOutput {
  id?: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** Any number of calls → the plain array of wire calls, as promptfoo returns it. */
export function toolCallsOutput(calls: readonly WireToolCall[]): ToolCallOutput[] {
  return calls.map((call) => ({
    ...(call.id ? { id: call.id } : {}),
    type: 'function',
    function: { name: call.function.name, arguments: call.function.arguments ?? '' },
  }));
}

/** A legacy `function_call` reply: the `{ name, arguments }` object itself, as promptfoo returns it. */
export function functionCallOutput(call: { name: string; arguments?: string }): { name: string; arguments: string } {
  return { name: call.name, arguments: call.arguments ?? '' };
}

/** The JSON response format the request asked for (json_schema or json_object), if any. */
export function jsonResponseFormat(responseFormat: unknown): 'json_schema' | 'json_object' | undefined {
  const type =
    responseFormat && typeof responseFormat === 'object' ? (responseFormat as { type?: unknown }).type : undefined;
  return type === 'json_schema' || type === 'json_object' ? type : undefined;
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
