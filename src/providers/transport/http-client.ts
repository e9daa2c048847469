// The transport's two entry points: httpJson for request/reply APIs and httpStream for SSE.
// Providers describe a request; pooling, timeouts, abort and parsing happen here. Each call is one
// attempt: a failure is thrown as a TransportError with a typed `failure`, and the runner decides on retries.

import {
  TransportError,
  defaultErrorEnvelope,
  describeHttpFailure,
  describeUrl,
  snippet,
  statusText,
} from './errors.js';
import { DEFAULT_TIMEOUT_MS, cutOffFrom, openResponse, type OpenResponse } from './attempt.js';
import { redact } from './redact.js';
import { nextTurn } from '../../scheduling/turn-budget.js';
import { SseDecoder, type SseEvent } from './sse.js';
import type { HttpOptions, HttpRequest, HttpResult, HttpStream, HttpStreamOptions } from './types.js';

/** Sends a request and parses the JSON reply. Throws TransportError (or the abort reason) on failure. */
export async function httpJson<T = unknown>(request: HttpRequest, options: HttpOptions = {}): Promise<HttpResult<T>> {
  const open = await openResponse(request, options);
  const where = describeUrl(open.url);
  const text = await readWholeBody(open, where);
  // undici frees the socket just after the body ends; one turn of the loop lets a back-to-back
  // request reuse it instead of opening a second connection. The reply's handling (parsing
  // included) then waits for a turn with budget left, so a burst of replies is spread over turns
  // instead of stalling one.
  await nextTurn();
  let body: unknown = null;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      throw notJson(open, `Expected JSON from ${where}`, 'a body that is not JSON', text);
    }
  }
  return {
    status: open.status,
    statusText: statusText(open.status),
    headers: open.headers,
    body: body as T,
    latencyMs: Date.now() - open.startedAt,
    attempts: open.attempts,
    metadata: open.metadata,
  };
}

/**
 * Sends a request whose reply is a server-sent event stream. A failure before the stream starts
 * is thrown; afterwards a cut or a stall is reported as an error from the iterator.
 */
export async function httpStream(request: HttpRequest, options: HttpStreamOptions = {}): Promise<HttpStream> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const idleMs = options.idleTimeoutMs ?? Math.min(timeoutMs > 0 ? timeoutMs : Infinity, 120_000);
  const open = await openResponse(request, options, timeoutMs);
  const contentType = open.headers['content-type'] ?? '';
  if (contentType.includes('json')) {
    const json = await jsonInsteadOfStream(open, options);
    return { ...streamHead(open), json, events: noEvents() };
  }
  return {
    ...streamHead(open),
    events: readEvents(open, idleMs, options),
  };
}

function streamHead(open: OpenResponse): Omit<HttpStream, 'events'> {
  return {
    status: open.status,
    statusText: statusText(open.status),
    headers: open.headers,
    attempts: open.attempts,
    metadata: open.metadata,
    headersLatencyMs: open.headersAt - open.startedAt,
  };
}

async function* noEvents(): AsyncGenerator<SseEvent> {}

async function* readEvents(open: OpenResponse, idleMs: number, options: HttpStreamOptions): AsyncGenerator<SseEvent> {
  const where = describeUrl(open.url);
  const terminal = options.terminalData === undefined ? '[DONE]' : options.terminalData;
  const requireTerminal = options.requireTerminal ?? terminal !== null;
  const decoder = new SseDecoder();
  let sawTerminal = false;
  let ended = false;
  try {
    open.deadline.touch(idleMs);
    try {
      for await (const chunk of open.body) {
        // After the terminal event, keep reading briefly so the socket ends cleanly and returns to the pool.
        open.deadline.touch(sawTerminal ? Math.min(idleMs, 2_000) : idleMs);
        if (sawTerminal) continue;
        for (const event of decoder.push(chunk as Uint8Array)) {
          if (terminal !== null && event.data === terminal) sawTerminal = true;
          if (!sawTerminal) yield event;
        }
      }
      ended = true;
    } catch (err) {
      if (sawTerminal) return;
      throw cutOffFrom(err, open.deadline, 'stream', where, open.attempts, open.secrets, open.metadata);
    }
    if (sawTerminal) {
      await nextTurn();
      return;
    }
    for (const event of decoder.end()) {
      if (terminal !== null && event.data === terminal) return;
      yield event;
    }
    if (requireTerminal) {
      throw new TransportError(
        `The stream from ${where} ended before it finished (no ${terminal} event); the reply is incomplete.`,
        {
          kind: 'truncated',
          attempts: open.attempts,
          status: open.status,
          metadata: open.metadata,
          requestId: open.metadata.requestId,
        },
      );
    }
  } finally {
    open.deadline.clear();
    // Stopping early (consumer break, stall, error) must free the socket instead of leaving it half-read.
    if (!ended && !open.body.destroyed) open.body.destroy();
  }
}

/**
 * A JSON reply to a stream request: an error envelope from a proxy or gateway is reported as an
 * HTTP failure; any other JSON body is the whole reply from a server that ignores `stream`.
 */
async function jsonInsteadOfStream(open: OpenResponse, options: HttpOptions): Promise<unknown> {
  const where = describeUrl(open.url);
  const text = await readWholeBody(open, where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notJson(open, `Expected an event stream or JSON from ${where}`, 'a body that is neither', text);
  }
  const isReply = parsed !== null && typeof parsed === 'object' && ('choices' in parsed || 'data' in parsed);
  const envelope = isReply ? undefined : (options.errorEnvelope?.(parsed) ?? defaultErrorEnvelope(parsed));
  if (!envelope) return parsed;
  const message = describeHttpFailure({
    status: open.status,
    where,
    envelope,
    bodyText: text,
    requestId: open.metadata.requestId,
    attempts: open.attempts,
  });
  // An error envelope in a 2xx reply is the server's final word, not a transient refusal: kind 'other'.
  throw new TransportError(redact(message, open.secrets), {
    kind: 'http',
    attempts: open.attempts,
    status: open.status,
    envelope,
    metadata: open.metadata,
    requestId: open.metadata.requestId,
    where,
  });
}

/** Reads a whole reply body; a connection dropped part-way is reported as a cut-off reply. */
async function readWholeBody(open: OpenResponse, where: string): Promise<string> {
  try {
    return await open.body.text();
  } catch (err) {
    throw cutOffFrom(err, open.deadline, 'reply', where, open.attempts, open.secrets, open.metadata);
  } finally {
    open.deadline.clear();
  }
}

/** The failure for a reply whose body could not be parsed: what was expected, and the start of what came. */
function notJson(open: OpenResponse, expected: string, came: string, text: string): TransportError {
  const message = `${expected} but HTTP ${open.status} ${statusText(open.status)} came with ${came}: ${snippet(text, 200)}`;
  return new TransportError(redact(message, open.secrets), {
    kind: 'invalid-json',
    attempts: open.attempts,
    status: open.status,
    metadata: open.metadata,
    requestId: open.metadata.requestId,
  });
}
