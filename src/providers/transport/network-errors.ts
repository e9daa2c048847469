// What a failed exchange was, as typed data for the runner: the kind of an HTTP failure (with the
// provider's own retry hint), and how to name a network error in a message.
// Whether to try again is not decided here: the runner's one retry loop does that.

import { kindForStatus } from '../failure-kind.js';
import { isQuotaExhausted, type ErrorEnvelope } from './errors.js';
import type { FailureKind } from '../types.js';

/** What a provider's retry hook sees about a failed reply. */
export interface HttpFailureInfo {
  status: number;
  headers: Record<string, string>;
  envelope?: ErrorEnvelope;
}

/** Provider hook: true when a failed reply is worth another attempt, false when not, undefined for the default rule. */
export type RetryClassifier = (failure: HttpFailureInfo) => boolean | undefined;

/** The kind of a non-2xx reply. */
export function httpFailureKind(failure: HttpFailureInfo, hook?: RetryClassifier): FailureKind {
  return kindForStatus(failure.status, hook?.(failure), isQuotaExhausted(failure.envelope));
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

/** The error to throw for a caller's abort: its reason when that is an Error, else an AbortError. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : 'The request was aborted');
  error.name = 'AbortError';
  return error;
}
