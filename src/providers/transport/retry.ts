// Which failures are worth another attempt, and an abortable sleep between attempts.
// The loop itself lives in http-client.ts; the wait comes from backoff.ts.

import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { isQuotaExhausted, type ErrorEnvelope } from './errors.js';

export interface RetryPolicy {
  /** Extra attempts after the first; 0 disables retries. */
  maxRetries: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_MAX_RETRIES = 4;
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: DEFAULT_MAX_RETRIES, backoff: DEFAULT_BACKOFF };

/** Statuses that mean "try again later": rate limited, or a gateway/overload in front of the model. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** What a provider's retry hook sees about a failed reply. */
export interface HttpFailureInfo {
  status: number;
  headers: Record<string, string>;
  envelope?: ErrorEnvelope;
}

/** Provider hook: true/false to decide, undefined for the default rule. */
export type RetryClassifier = (failure: HttpFailureInfo) => boolean | undefined;

export function isRetryableStatus(failure: HttpFailureInfo): boolean {
  if (!RETRYABLE_STATUSES.has(failure.status)) return false;
  // A spent quota will not come back in seconds; retrying only delays the error.
  return !(failure.status === 429 && isQuotaExhausted(failure.envelope));
}

const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

const CONNECTION_MESSAGES = /socket hang up|other side closed|network socket disconnected|connection (?:reset|refused)/i;

/** A failure to reach the server or keep the connection, as opposed to an answer from it. */
export function isConnectionError(err: unknown): boolean {
  for (let current = err, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') break;
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
    current = cause;
  }
  return false;
}

/** The code or message that best names a connection failure, for error text. */
export function connectionErrorLabel(err: unknown): string {
  const parts: string[] = [];
  for (let current = err, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') break;
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof message === 'string' && message && !parts.includes(message)) parts.push(message);
    if (typeof code === 'string' && !parts.includes(code)) parts.push(code);
    current = cause;
  }
  return parts.length ? parts.join(' / ') : String(err);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error to throw for a caller's abort: its reason when that is an Error, else an AbortError. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : 'The request was aborted');
  error.name = 'AbortError';
  return error;
}
