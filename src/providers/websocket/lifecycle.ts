// One connection attempt: open, send the message, feed frames to the reader, and end on the
// first of: complete reply, server close, idle stall, deadline, abort or error. Every path
// closes the socket; nothing waits for a timer that cannot fire.

import WebSocket from 'ws';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { ProviderResponse } from '../types.js';
import {
  aborted,
  brokeMidStream,
  closedEarly,
  connectFailed,
  handshakeRejected,
  streamStalled,
  timedOut,
  type AttemptFailure,
} from './failures.js';
import { errorText, HandlerError, isThenable, type ReplyReader, type WebSocketMessageEvent } from './reply.js';

export interface AttemptInput {
  url: string;
  /** The URL with secrets redacted; the only form that appears in messages. */
  shownUrl: string;
  message: string;
  headers?: Record<string, string>;
  protocols: string[];
  /** Date.now() value by which the whole call must end. */
  deadline: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  /** performance.now() at the start of the call, for ttftMs. */
  startedAt: number;
  reader: ReplyReader;
  signal?: AbortSignal;
  /** Called with every socket opened, so the provider can terminate stragglers on close(). */
  track(ws: WebSocket): void;
}

export type AttemptOutcome =
  | { ok: true; response: ProviderResponse; ttftMs?: number }
  | { ok: false; failure: AttemptFailure };

/** How long a closing handshake may take before the socket is destroyed outright. */
const CLOSE_GRACE_MS = 2_000;
// Far more than is shown (300 characters): the whole shown part is scrubbed of secrets, never a cut-off key.
const MAX_ERROR_BODY = 65_536;

export function runAttempt(input: AttemptInput): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    if (input.signal?.aborted) return resolve({ ok: false, failure: aborted(input.shownUrl) });
    const remaining = input.deadline - Date.now();
    if (remaining <= 0) return resolve({ ok: false, failure: timedOut(input.shownUrl, input.timeoutMs, false, 0) });

    let ws: WebSocket;
    try {
      // closeTimeout (ws >= 8.18) is missing from @types/ws; without it a silent peer holds the socket 30s.
      const options: WebSocket.ClientOptions & { closeTimeout: number } = {
        headers: input.headers,
        closeTimeout: CLOSE_GRACE_MS,
      };
      ws = new WebSocket(input.url, input.protocols, options);
    } catch (err) {
      // Bad subprotocols or headers are rejected synchronously by ws.
      return resolve({
        ok: false,
        failure: { message: `Could not open a WebSocket to ${input.shownUrl}: ${errorText(err)}`, kind: 'bad-request' },
      });
    }
    input.track(ws);

    let settled = false;
    let opened = false;
    let messages = 0;
    let ttftMs: number | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    // Frames are handled one after another even when a handler is async.
    let queue: Promise<void> = Promise.resolve();
    let pending = 0;

    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(overallTimer);
      clearTimeout(idleTimer);
      input.signal?.removeEventListener('abort', onAbort);
      shutdown(ws);
      resolve(outcome);
    };
    const fail = (failure: AttemptFailure): void => finish({ ok: false, failure });
    const handlerFailed = (err: unknown): void =>
      fail({
        message: err instanceof HandlerError ? err.message : `Reply handling failed: ${errorText(err)}`,
        kind: 'invalid-reply',
      });

    const overallTimer = setTimeout(() => fail(timedOut(input.shownUrl, input.timeoutMs, opened, messages)), remaining);
    const onAbort = (): void => fail(aborted(input.shownUrl));
    input.signal?.addEventListener('abort', onAbort, { once: true });

    const armIdleTimer = (): void => {
      if (input.idleTimeoutMs <= 0) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(
        () => fail(streamStalled(input.shownUrl, input.idleTimeoutMs, messages)),
        input.idleTimeoutMs,
      );
    };

    const deliver = (event: WebSocketMessageEvent): void => {
      const handle = (): void | Promise<void> => {
        if (settled) return;
        let result: ReturnType<ReplyReader['onMessage']>;
        try {
          result = input.reader.onMessage(event);
        } catch (err) {
          return handlerFailed(err);
        }
        if (!isThenable(result)) {
          if (result) finish({ ok: true, response: result, ttftMs });
          return;
        }
        pending++;
        return Promise.resolve(result).then(
          (response) => {
            pending--;
            if (response) finish({ ok: true, response, ttftMs });
          },
          (err: unknown) => {
            pending--;
            handlerFailed(err);
          },
        );
      };
      // The synchronous fast path skips the queue when nothing async is in flight.
      if (pending === 0) {
        const maybe = handle();
        if (maybe) queue = maybe;
      } else {
        queue = queue.then(handle);
      }
    };

    ws.on('unexpected-response', (req: ClientRequest, res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < MAX_ERROR_BODY) body += chunk.slice(0, MAX_ERROR_BODY - body.length);
      });
      const done = (): void => {
        fail(handshakeRejected(input.shownUrl, res.statusCode ?? 0, res.headers, body));
        req.destroy();
      };
      res.once('end', done);
      res.once('error', done);
    });
    ws.on('open', () => {
      opened = true;
      ws.send(input.message, (err) => {
        if (err) fail(brokeMidStream(input.shownUrl, err, messages));
      });
    });
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (settled) return;
      messages++;
      ttftMs ??= performance.now() - input.startedAt;
      armIdleTimer();
      const payload = toBuffer(data);
      deliver({ type: 'message', data: isBinary ? payload : payload.toString('utf8') });
    });
    ws.on('error', (err: Error & { code?: string }) => {
      if (settled) return;
      fail(opened ? brokeMidStream(input.shownUrl, err, messages) : connectFailed(input.shownUrl, err));
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (settled) return;
      // Let frames that arrived before the close finish first: a reply may complete on them.
      void queue.then(() => fail(closedEarly(input.shownUrl, code, reason.toString('utf8'), messages)));
    });
  });
}

/** Closes politely when open, aborts a pending handshake; ws destroys the socket if the peer never answers. */
function shutdown(ws: WebSocket): void {
  try {
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  } catch {
    ws.terminate();
  }
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
