// Turns what can go wrong on a WebSocket into a message a person can act on and a typed kind the
// runner decides retries by: a 429 or 5xx handshake and a refused/reset connection are transient;
// anything after the message was sent is not (the server may already have acted on it).

import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import { scrubText } from '../../redaction/secret-registry.js';
import { serverRequestedDelayMs } from '../transport/backoff.js';
import type { FailureKind } from '../types.js';

export interface AttemptFailure {
  message: string;
  kind: FailureKind;
  /** What the handshake response asked for (Retry-After, retry-after-ms, x-ratelimit-reset-*), in ms. */
  retryAfterMs?: number;
  status?: number;
}

/** A handshake that got an HTTP response other than 101 Switching Protocols. */
export function handshakeRejected(
  shownUrl: string,
  status: number,
  headers: IncomingHttpHeaders,
  body: string,
): AttemptFailure {
  const statusText = STATUS_CODES[status] ?? 'Unknown status';
  const detail = body.trim() ? `; the server said: ${oneLine(body)}` : '';
  const header = (name: string): string | undefined => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };
  const retryAfterMs = serverRequestedDelayMs(header);
  const base = `WebSocket handshake with ${shownUrl} was rejected with HTTP ${status} ${statusText}${detail}`;
  if (status === 401)
    return { message: `${base}. Check the credentials in config.headers (e.g. Authorization).`, kind: 'auth', status };
  if (status === 403)
    return { message: `${base}. The credentials were accepted but may not use this endpoint.`, kind: 'auth', status };
  if (status === 404) return { message: `${base}. Check the URL path.`, kind: 'bad-request', status };
  if (status === 429) return { message: `${base} (rate limited).`, kind: 'rate-limited', status, retryAfterMs };
  if (status >= 500) return { message: `${base} (server error).`, kind: 'transient', status, retryAfterMs };
  return {
    message: `${base}. A WebSocket server answers 101 Switching Protocols; check the URL points at a WebSocket endpoint.`,
    kind: 'bad-request',
    status,
  };
}

const TRANSIENT_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused; is the server running and listening on that port?',
  ECONNRESET: 'the connection was reset during the handshake',
  EPIPE: 'the connection was closed while the handshake was being sent',
  ETIMEDOUT: 'the TCP connection timed out',
  EAI_AGAIN: 'the host name could not be resolved right now (temporary DNS failure)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

const PERMANENT_TLS =
  /wrong version number|self[- ]signed|unable to verify|unknown ca|cert|alert protocol version|unsupported protocol|altname/i;

/** An error before the connection opened: refused, reset, DNS, TLS. */
export function connectFailed(shownUrl: string, err: Error & { code?: string }): AttemptFailure {
  const code = err.code;
  const prefix = `WebSocket connection to ${shownUrl} failed`;
  if (code && TRANSIENT_CODES[code])
    return { message: `${prefix}: ${TRANSIENT_CODES[code]} (${code})`, kind: 'connection' };
  // ws reports a hang-up during the handshake without a code; its message is the only sign.
  if (/socket hang up/i.test(err.message)) {
    return { message: `${prefix}: the server hung up during the handshake (socket hang up)`, kind: 'connection' };
  }
  if (code === 'ENOTFOUND')
    return { message: `${prefix}: host not found (ENOTFOUND); check the host name in the URL`, kind: 'unreachable' };
  if (isTls(err)) {
    const transient = code === 'EPROTO' && !PERMANENT_TLS.test(err.message);
    return {
      message: `${prefix}: TLS handshake error: ${oneLine(err.message)}${code ? ` (${code})` : ''}`,
      kind: transient ? 'connection' : 'unreachable',
    };
  }
  return { message: `${prefix}: ${oneLine(err.message)}${code ? ` (${code})` : ''}`, kind: 'other' };
}

function isTls(err: Error & { code?: string }): boolean {
  const code = err.code ?? '';
  return (
    code === 'EPROTO' ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.includes('CERT') ||
    code.includes('SELF_SIGNED') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    /SSL routines|certificate|TLS/i.test(err.message)
  );
}

/** The server closed before the reply was complete (no close frame shows as 1006). */
export function closedEarly(shownUrl: string, code: number, reason: string, messages: number): AttemptFailure {
  const why =
    code === 1006
      ? 'close code 1006: the connection dropped without a close frame'
      : `close code ${code}${reason ? `, reason "${oneLine(reason)}"` : ', no reason given'}`;
  return {
    message: `WebSocket server ${shownUrl} closed the connection before a complete reply (${why}) after ${plural(messages, 'message')}`,
    kind: 'cut-off',
  };
}

export function streamStalled(shownUrl: string, idleTimeoutMs: number, messages: number): AttemptFailure {
  return {
    message: `WebSocket stream from ${shownUrl} went silent: no message for ${idleTimeoutMs}ms after ${plural(messages, 'message')} and no complete reply (idleTimeoutMs; raise it or set 0 to disable)`,
    kind: 'timeout',
  };
}

export function timedOut(shownUrl: string, timeoutMs: number, opened: boolean, messages: number): AttemptFailure {
  const stage = !opened
    ? 'before the connection opened'
    : messages === 0
      ? 'waiting for the first reply'
      : `after ${plural(messages, 'message')} without a complete reply`;
  return {
    message: `WebSocket request to ${shownUrl} timed out after ${timeoutMs}ms (timeoutMs) ${stage}`,
    kind: 'timeout',
  };
}

export function brokeMidStream(shownUrl: string, err: Error, messages: number): AttemptFailure {
  return {
    message: `WebSocket connection to ${shownUrl} failed after ${plural(messages, 'message')}: ${oneLine(err.message)}`,
    kind: 'cut-off',
  };
}

export function aborted(shownUrl: string): AttemptFailure {
  return { message: `WebSocket call to ${shownUrl} was aborted`, kind: 'other' };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// Known secrets go before the cut: a key straddling it would otherwise leak all but its tail.
function oneLine(text: string, max = 300): string {
  const flat = scrubText(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
