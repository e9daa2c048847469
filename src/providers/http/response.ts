// Turns an HTTP reply into the call's ProviderResponse: the body parsed as JSON when it is JSON,
// a server-sent event stream decoded into its payloads, then transformResponse (or the default:
// the JSON, else the text) and promptfoo's rule that an object with `output`/`error` is a response.

import { SseDecoder } from '../transport/index.js';
import type { HttpTextResult } from '../transport/index.js';
import type { CallContext, ProviderResponse } from '../types.js';
import { describeValue, toProviderResponse } from '../websocket/reply.js';

export type ResponseTransform = (json: unknown, text: string, context: ResponseTransformContext) => unknown;

/** What a transformResponse function receives as its third argument. */
export interface ResponseTransformContext {
  response: {
    status: number;
    statusText: string;
    headers: Record<string, string>;
    data: unknown;
    cached: boolean;
    latencyMs: number;
  };
  vars: Record<string, unknown>;
  prompt: string;
}

/** The reply's body as transformResponse sees it: `json` (parsed, or null) and the raw `text`. */
export function parseReplyBody(reply: HttpTextResult): { json: unknown; streamed: boolean } {
  const contentType = reply.headers['content-type'] ?? '';
  if (contentType.includes('text/event-stream')) return { json: ssePayloads(reply.text), streamed: true };
  if (reply.text.trim() === '') return { json: null, streamed: false };
  try {
    return { json: JSON.parse(reply.text), streamed: false };
  } catch {
    return { json: null, streamed: false };
  }
}

/** Each event's data, parsed as JSON when it is JSON; the `[DONE]` terminator is dropped. */
function ssePayloads(text: string): unknown[] {
  const decoder = new SseDecoder();
  const events = [...decoder.push(text), ...decoder.end()];
  return events
    .filter((event) => event.data !== '[DONE]')
    .map((event) => {
      try {
        return JSON.parse(event.data) as unknown;
      } catch {
        return event.data;
      }
    });
}

/**
 * Without a transform: JSON replies are the output as parsed, text replies the text, and a
 * stream of plain-text events their concatenation (JSON events stay a list for assertions to read).
 */
export function defaultOutput(json: unknown, text: string, streamed: boolean): unknown {
  if (streamed && Array.isArray(json)) return json.every((item) => typeof item === 'string') ? json.join('') : json;
  return json ?? text;
}

/** Applies the user's transform; a throw or an undefined result becomes a readable error. */
export async function transformReply(
  transform: ResponseTransform | undefined,
  reply: HttpTextResult,
  context: CallContext | undefined,
  prompt: string,
): Promise<ProviderResponse> {
  const { json, streamed } = parseReplyBody(reply);
  if (!transform) return { output: defaultOutput(json, reply.text, streamed) };
  const { 'set-cookie': _cookie, ...headers } = reply.headers;
  const transformContext: ResponseTransformContext = {
    response: {
      status: reply.status,
      statusText: reply.statusText,
      headers,
      data: reply.text,
      cached: false,
      latencyMs: reply.latencyMs,
    },
    vars: context?.vars ?? {},
    prompt,
  };
  let value: unknown;
  try {
    value = await transform(json, reply.text, transformContext);
  } catch (err) {
    // The usual cause: an expression over `json` when the body was not JSON at all.
    const notJson =
      json === null && reply.text.trim() !== ''
        ? ` (the reply body is not JSON: ${describeValue(reply.text, 120)})`
        : '';
    return { error: `transformResponse threw: ${err instanceof Error ? err.message : describeValue(err)}${notJson}` };
  }
  const response = toProviderResponse(value);
  if (response.error === undefined && response.output === undefined) {
    return {
      error: `transformResponse returned no output (undefined) for the reply ${describeValue(json ?? reply.text)}; check the expression matches the reply's shape`,
    };
  }
  return response;
}
