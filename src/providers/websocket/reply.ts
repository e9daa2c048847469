// What the provider does with incoming frames: the MessageEvent-shaped value handlers receive,
// the rule that turns a handler's result into a ProviderResponse, and the reader interface.

import type { CallContext, ProviderResponse } from '../types.js';
import { scrubText } from '../../redaction/secret-registry.js';

/** Shaped like the browser/Node MessageEvent promptfoo handlers expect: the payload is `data`. */
export interface WebSocketMessageEvent {
  type: 'message';
  /** Text frames as a string, binary frames as a Buffer. */
  data: string | Buffer;
}

/** Reads a call's frames; returns the response once the reply is complete, else undefined. */
export interface ReplyReader {
  onMessage(event: WebSocketMessageEvent): ProviderResponse | undefined | Promise<ProviderResponse | undefined>;
}

export type ReaderFactory = (context: CallContext) => ReplyReader;

/** A failure inside the user's transform or stream handler; its message is shown as is. */
export class HandlerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerError';
  }
}

/** An object with `output` or `error` is a response already; anything else becomes the output. */
export function toProviderResponse(value: unknown): ProviderResponse {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && ('output' in value || 'error' in value)) {
    const response = { ...(value as ProviderResponse) };
    if (response.error !== undefined && response.error !== null && typeof response.error !== 'string') {
      response.error = describeValue(response.error);
    }
    if (!response.error) delete response.error;
    return response;
  }
  return { output: value };
}

/** Parses a text frame as JSON when it is JSON; other text and binary frames are kept as they are. */
export function parsePayload(data: string | Buffer): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** A short, single-line rendering of a value for error messages. */
export function describeValue(value: unknown, max = 200): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'function') text = 'a function';
  else if (Buffer.isBuffer(value)) text = `<${value.length} bytes of binary data>`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  // Known secrets go before the cut, so none is left half-shown.
  text = scrubText(text).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : typeof err === 'string' ? err : describeValue(err);
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
