// One request, one attempt (plus one resend with a refreshed credential after a 401): sends it
// through the shared pool and returns the open 2xx response, or throws a TransportError whose
// `failure` says what kind of failure it was. Retrying is the runner's job, not the transport's.
// Reading the body is the caller's job (JSON or stream), under the same deadline.

import type { Dispatcher } from 'undici';
import { serverRequestedDelayMs } from './backoff.js';
import {
  TransportError,
  defaultErrorEnvelope,
  describeHttpFailure,
  describeUrl,
  statusText,
  type ErrorEnvelope,
} from './errors.js';
import { dispatcherFor } from './proxy.js';
import { pickRateLimitHeaders, requestIdFrom, toHeaderMap, type HeaderMap } from './rate-limit-headers.js';
import { addHeaderSecrets, collectSecrets, redact } from './redact.js';
import { abortReason, connectionErrorLabel, httpFailureKind } from './network-errors.js';
import { connectionKindOf } from '../failure-kind.js';
import type { HttpOptions, HttpRequest } from './types.js';
import type { ProviderResponseMetadata } from '../types.js';
import { turnBudget } from '../../scheduling/turn-budget.js';

export const DEFAULT_TIMEOUT_MS = 300_000;

/** Aborts an attempt when the caller aborts, the total time runs out, or a stream goes quiet. */
export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  reason: 'timeout' | 'idle' | undefined;
  readonly signal: AbortSignal;
  // A plain listener, removed in clear(), costs far less per request than AbortSignal.any.
  private readonly onUserAbort = (): void => this.controller.abort(this.userSignal?.reason);

  constructor(
    readonly userSignal: AbortSignal | undefined,
    readonly timeoutMs: number,
  ) {
    this.signal = this.controller.signal;
    if (userSignal?.aborted) this.controller.abort(userSignal.reason);
    else userSignal?.addEventListener('abort', this.onUserAbort, { once: true });
    if (timeoutMs > 0) this.timer = setTimeout(() => this.fire('timeout'), timeoutMs);
  }

  /** (Re)starts the idle timer; call on every chunk received. */
  touch(idleMs: number): void {
    clearTimeout(this.idleTimer);
    if (idleMs > 0) this.idleTimer = setTimeout(() => this.fire('idle'), idleMs);
  }

  clear(): void {
    clearTimeout(this.timer);
    clearTimeout(this.idleTimer);
    this.userSignal?.removeEventListener('abort', this.onUserAbort);
  }

  private fire(reason: 'timeout' | 'idle'): void {
    this.reason ??= reason;
    this.controller.abort();
  }
}

/** Everything the caller needs to read an accepted response and to describe later failures. */
export interface OpenResponse {
  url: URL;
  status: number;
  headers: HeaderMap;
  body: Dispatcher.ResponseData['body'];
  deadline: Deadline;
  attempts: number;
  startedAt: number;
  headersAt: number;
  secrets: string[];
  metadata: ProviderResponseMetadata;
}

export function responseMetadata(status: number, headers: HeaderMap): ProviderResponseMetadata {
  const { 'set-cookie': _cookie, ...shown } = headers;
  const metadata: ProviderResponseMetadata = { http: { status, statusText: statusText(status), headers: shown } };
  const rateLimit = pickRateLimitHeaders(headers);
  if (rateLimit) metadata.rateLimit = rateLimit;
  const requestId = requestIdFrom(headers);
  if (requestId) metadata.requestId = requestId;
  return metadata;
}

/** Turns an error thrown while waiting on the network into the right outcome. */
export function failureFrom(
  err: unknown,
  deadline: Deadline,
  where: string,
  attempts: number,
  secrets: string[],
  metadata?: ProviderResponseMetadata,
): Error {
  if (deadline.userSignal?.aborted) return abortReason(deadline.userSignal);
  if (deadline.reason === 'timeout') {
    return new TransportError(
      `Request to ${where} timed out after ${deadline.timeoutMs} ms. Raise timeoutMs in the provider config if the model is slow.`,
      { kind: 'timeout', attempts, metadata, cause: err },
    );
  }
  if (deadline.reason === 'idle') {
    return new TransportError(`The stream from ${where} stalled: no data for too long; the reply is incomplete.`, {
      kind: 'stream-idle',
      attempts,
      metadata,
      cause: err,
    });
  }
  const label = redact(connectionErrorLabel(err), secrets);
  return new TransportError(`Could not reach ${where}: ${label}`, {
    kind: 'connection',
    attempts,
    metadata,
    cause: err,
    failure: { kind: connectionKindOf(err) ?? 'connection' },
  });
}

/**
 * Like failureFrom, for an error while reading a reply whose headers already arrived: the server
 * was reached, so a closed connection means the reply was cut off, not that it was unreachable.
 */
export function cutOffFrom(
  err: unknown,
  deadline: Deadline,
  what: string,
  where: string,
  attempts: number,
  secrets: string[],
  metadata: ProviderResponseMetadata,
): Error {
  const failure = failureFrom(err, deadline, where, attempts, secrets, metadata);
  if (!(failure instanceof TransportError) || failure.kind !== 'connection') return failure;
  const label = redact(connectionErrorLabel(err), secrets);
  return new TransportError(
    `The ${what} from ${where} was cut off before it finished (the connection closed: ${label}); the reply is incomplete.`,
    {
      kind: 'truncated',
      attempts,
      status: metadata.http?.status,
      metadata,
      requestId: metadata.requestId,
      cause: err,
    },
  );
}

function serialise(request: HttpRequest): { body: string | undefined; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  if (request.body === undefined) return { body: undefined, headers };
  if (typeof request.body === 'string') return { body: request.body, headers };
  headers['content-type'] ??= 'application/json';
  return { body: JSON.stringify(request.body), headers };
}

/** Sends `request` once; resolves with a 2xx response, or throws TransportError / the abort reason. */
export async function openResponse(
  request: HttpRequest,
  options: HttpOptions,
  streamTimeoutMs?: number,
): Promise<OpenResponse> {
  const url = parsedUrl(request.url);
  const where = describeUrl(url);
  const { body, headers: baseHeaders } = serialise(request);
  if (url.username && !baseHeaders.authorization) {
    const userinfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    baseHeaders.authorization = `Basic ${Buffer.from(userinfo).toString('base64')}`;
  }
  const method = request.method ?? (body === undefined ? 'GET' : 'POST');
  const timeoutMs = streamTimeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const dispatcher = dispatcherFor(options.env);
  const attempts = 1;
  let refreshedAuth = false;
  let secrets = requestSecrets(url, request.headers, baseHeaders, options.secrets);

  for (;;) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    let headers = baseHeaders;
    if (options.auth) {
      const authHeaders = await options.auth.headers();
      headers = { ...baseHeaders, ...lowerKeys(authHeaders) };
      secrets = addHeaderSecrets(secrets, authHeaders);
    }
    // Requests released together (hundreds of cells waiting on one endpoint check, a rate limiter
    // opening) would otherwise all be sent in one turn: past the turn's budget, wait. Checked just
    // before sending, with nothing awaited after it, so the time it measures is the time spent.
    const pause = turnBudget();
    if (pause) {
      await pause;
      if (options.signal?.aborted) throw abortReason(options.signal);
    }
    const deadline = new Deadline(options.signal, timeoutMs);
    const startedAt = Date.now();
    let response: Dispatcher.ResponseData;
    try {
      response = await dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        headers,
        body,
        signal: deadline.signal,
      });
    } catch (err) {
      deadline.clear();
      throw failureFrom(err, deadline, where, attempts, secrets);
    }

    const status = response.statusCode;
    const responseHeaders = toHeaderMap(response.headers);
    const metadata = responseMetadata(status, responseHeaders);
    if ((status >= 200 && status < 300) || options.acceptStatus?.(status)) {
      return {
        url,
        status,
        headers: responseHeaders,
        body: response.body,
        deadline,
        attempts,
        startedAt,
        headersAt: Date.now(),
        secrets,
        metadata,
      };
    }

    let text: string;
    try {
      text = await response.body.text();
    } catch (err) {
      throw cutOffFrom(err, deadline, 'error reply', where, attempts, secrets, metadata);
    } finally {
      deadline.clear();
    }

    // A refreshed credential is a second chance for the same attempt, not a retry.
    if (status === 401 && options.auth?.onUnauthorized && !refreshedAuth) {
      refreshedAuth = true;
      if (await options.auth.onUnauthorized()) continue;
    }

    const envelope = readEnvelope(text, options);
    const kind = httpFailureKind({ status, headers: responseHeaders, envelope }, options.isRetryable);
    const retryAfterMs = serverRequestedDelayMs((name) => responseHeaders[name]);
    const requestId = metadata.requestId;
    const message = describeHttpFailure({ status, where, envelope, bodyText: text, requestId, attempts });
    throw new TransportError(redact(message, secrets), {
      kind: 'http',
      attempts,
      status,
      envelope: scrubEnvelope(envelope, secrets),
      requestId,
      metadata,
      where,
      failure: { kind, status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
    });
  }
}

// Providers call the same few URLs over and over; parsing each once is enough (never mutated).
const urlCache = new Map<string, URL>();
function parsedUrl(text: string): URL {
  let url = urlCache.get(text);
  if (!url) {
    if (urlCache.size >= 256) urlCache.clear();
    url = new URL(text);
    urlCache.set(text, url);
  }
  return url;
}

// A provider sends the same header object with every request; its secrets are worked out once.
const secretsByHeaders = new WeakMap<
  object,
  { extra: readonly string[] | undefined; search: string; userinfo: string; secrets: string[] }
>();

function requestSecrets(
  url: URL,
  given: Record<string, string> | undefined,
  headers: Record<string, string>,
  extra: readonly string[] | undefined,
): string[] {
  if (!given) return collectSecrets(url, headers, extra);
  const memo = secretsByHeaders.get(given);
  if (memo && memo.extra === extra && memo.search === url.search && memo.userinfo === `${url.username}:${url.password}`)
    return memo.secrets;
  const secrets = collectSecrets(url, headers, extra);
  secretsByHeaders.set(given, { extra, search: url.search, userinfo: `${url.username}:${url.password}`, secrets });
  return secrets;
}

// Auth hooks return the same object while a credential lasts; lower-case it once.
const loweredMemo = new WeakMap<object, Record<string, string>>();
function lowerKeys(headers: Record<string, string>): Record<string, string> {
  let lowered = loweredMemo.get(headers);
  if (!lowered) {
    lowered = {};
    for (const name of Object.keys(headers)) lowered[name.toLowerCase()] = headers[name]!;
    loweredMemo.set(headers, lowered);
  }
  return lowered;
}

function readEnvelope(text: string, options: HttpOptions): ErrorEnvelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return options.errorEnvelope?.(parsed) ?? defaultErrorEnvelope(parsed);
}

function scrubEnvelope(envelope: ErrorEnvelope | undefined, secrets: string[]): ErrorEnvelope | undefined {
  if (!envelope) return undefined;
  return Object.fromEntries(
    Object.entries(envelope).map(([k, v]) => [k, typeof v === 'string' ? redact(v, secrets) : v]),
  ) as ErrorEnvelope;
}
