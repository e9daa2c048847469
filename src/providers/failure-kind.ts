// How adapters classify a failure into a FailureKind: from an HTTP status (and the provider's own
// retry hint), from a network error's code, or from the typed fields of an error custom code threw.
// Only structured data is read (status, code, name); message text never decides anything.

import type { FailureKind, ProviderFailure } from './types.js';
import { firstNumber } from './record-fields.js';

/** Error codes of a failure to reach a server or keep the connection: worth another attempt. */
export const CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** Codes that say the host will not be reachable however long we wait. */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const KINDS: ReadonlySet<string> = new Set<FailureKind>([
  'rate-limited',
  'quota-exhausted',
  'transient',
  'connection',
  'unreachable',
  'timeout',
  'auth',
  'bad-request',
  'content-filtered',
  'cut-off',
  'invalid-reply',
  'other',
]);

export function isFailureKind(value: unknown): value is FailureKind {
  return typeof value === 'string' && KINDS.has(value);
}

/**
 * The kind of an HTTP failure. `retryable` is the provider's own word when it has one (Cloudflare's
 * 3040 "out of capacity" is worth waiting for, its 3036 "daily quota used" is not).
 */
export function kindForStatus(status: number, retryable?: boolean, quotaSpent = false): FailureKind {
  if (status === 429) return quotaSpent || retryable === false ? 'quota-exhausted' : 'rate-limited';
  if (retryable === true) return 'transient';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500 && status !== 501 && status !== 505) return retryable === false ? 'other' : 'transient';
  if (status >= 400) return 'bad-request';
  return 'other';
}

/** The code of a network error or of one of its causes, if it names a connection failure. */
export function connectionKindOf(err: unknown): 'connection' | 'unreachable' | undefined {
  for (let current = err, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return 'connection';
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return 'unreachable';
    current = cause;
  }
  return undefined;
}

/**
 * What an error thrown by provider code (a custom provider, a library user's object) says about
 * itself, read from typed fields only: a `failure` object, `status`/`statusCode`, a network `code`,
 * `retryAfterMs`, or a TimeoutError. Undefined when it says nothing: the runner does not retry it.
 */
export function failureOfThrown(err: unknown): ProviderFailure | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const fields = err as {
    failure?: unknown;
    status?: unknown;
    statusCode?: unknown;
    retryAfterMs?: unknown;
    name?: unknown;
  };
  const retryAfterMs =
    typeof fields.retryAfterMs === 'number' && fields.retryAfterMs >= 0 ? fields.retryAfterMs : undefined;
  const given = fields.failure as { kind?: unknown } | undefined;
  if (given && typeof given === 'object' && isFailureKind(given.kind)) {
    return { ...(given as ProviderFailure), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  const status = firstNumber(fields, 'status', 'statusCode');
  if (status !== undefined && status >= 400 && status < 600)
    return { kind: kindForStatus(status), status, retryAfterMs };
  const connection = connectionKindOf(err);
  if (connection) return { kind: connection, retryAfterMs };
  if (fields.name === 'TimeoutError') return { kind: 'timeout' };
  return undefined;
}
