// httpText: a request whose reply is read whole as text, whatever its content type — for the
// generic http provider, where the user's app may answer JSON, plain text or a streamed body.
// Records when the first byte of the body arrived so streamed replies report time to first token.

import { statusText } from './errors.js';
import { cutOffFrom, DEFAULT_TIMEOUT_MS, openResponse } from './attempt.js';
import { describeUrl } from './errors.js';
import { nextTurn } from '../../scheduling/turn-budget.js';
import type { HeaderMap } from './rate-limit-headers.js';
import type { HttpRequest, HttpStreamOptions } from './types.js';
import type { ProviderResponseMetadata } from '../types.js';

export interface HttpTextResult {
  status: number;
  statusText: string;
  headers: HeaderMap;
  text: string;
  /** ms from the start of the successful attempt to the whole body. */
  latencyMs: number;
  /** ms from the start of the successful attempt to the first body chunk (undefined for an empty body). */
  firstChunkMs?: number;
  attempts: number;
  metadata: ProviderResponseMetadata;
}

/** Sends a request and reads the reply body as UTF-8 text, with an idle limit between chunks. */
export async function httpText(request: HttpRequest, options: HttpStreamOptions = {}): Promise<HttpTextResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const idleMs = options.idleTimeoutMs ?? Math.min(timeoutMs > 0 ? timeoutMs : Infinity, 120_000);
  const open = await openResponse(request, options, timeoutMs);
  const where = describeUrl(open.url);
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let firstChunkAt: number | undefined;
  let ended = false;
  try {
    open.deadline.touch(idleMs);
    for await (const chunk of open.body) {
      firstChunkAt ??= Date.now();
      open.deadline.touch(idleMs);
      text += decoder.decode(chunk as Uint8Array, { stream: true });
    }
    text += decoder.decode();
    ended = true;
  } catch (err) {
    throw cutOffFrom(err, open.deadline, 'reply', where, open.attempts, open.secrets, open.metadata);
  } finally {
    open.deadline.clear();
    if (!ended && !open.body.destroyed) open.body.destroy();
  }
  // Let undici return the socket to the pool before a back-to-back request (and wait for a turn
  // with budget left, turn-budget.ts).
  await nextTurn();
  return {
    status: open.status,
    statusText: statusText(open.status),
    headers: open.headers,
    text,
    latencyMs: Date.now() - open.startedAt,
    firstChunkMs: firstChunkAt === undefined ? undefined : firstChunkAt - open.startedAt,
    attempts: open.attempts,
    metadata: open.metadata,
  };
}
