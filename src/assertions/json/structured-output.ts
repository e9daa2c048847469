// The output as JavaScript user code (assertions, transforms) sees it. Stored results, the cache
// and every other assertion keep the plain value; only user code gets these views:
// - tool calls: the wire array with the first call's `name`/`arguments` as hidden shortcuts
//   (tool-call-view.ts), so promptfoo's and the Llama seed's idioms both pass;
// - json_schema replies: the JSON text as a String object that also carries the parsed fields
//   (`output.rating`, as promptfoo's parsed object gives it, and `JSON.parse(output)` both work);
// - json_object replies and plain text: the plain string, as promptfoo gives it.

import { functionCallView, isToolCallArray, toolCallArrayView } from '../tools/tool-call-view.js';

export function outputForScripts(output: unknown, metadata: Record<string, unknown> | undefined): unknown {
  if (isToolCallArray(output))
    return toolCallArrayView(output, typeof metadata?.content === 'string' ? metadata.content : undefined);
  if (typeof output !== 'string') return functionCallView(output);
  if (metadata?.responseFormat !== 'json_schema') return output;
  const parsed = metadata?.parsedOutput;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return output;
  // biome-ignore lint/complexity/noBannedTypes: a String object (not a primitive) can carry the parsed fields as properties
  const text = new String(output) as String & Record<string, unknown>;
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    // Never shadow String's own members (length, includes, ...): text checks must keep working.
    if (!(key in text)) text[key] = value;
  }
  return text;
}
