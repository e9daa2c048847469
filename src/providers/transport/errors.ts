// Turns failed HTTP exchanges into TransportErrors whose messages a person can act on: status,
// the provider's own error code and message, the request id, and never a credential.

import { STATUS_CODES } from 'node:http';
import { ProviderError } from '../../errors.js';
import type { FailureKind, ProviderFailure, ProviderResponseMetadata } from '../types.js';
import { scrubText } from '../../redaction/secret-registry.js';

/** What a provider's error body says, whatever its envelope looked like. */
export interface ErrorEnvelope {
  message?: string;
  code?: string;
  type?: string;
}

/** Provider hook: extracts the error envelope from a parsed body (return undefined to fall back). */
export type ErrorEnvelopeParser = (body: unknown) => ErrorEnvelope | undefined;

export type TransportFailureKind =
  | 'http' // a non-2xx status
  | 'connection' // reset, refused, DNS, TLS
  | 'timeout' // the whole request took longer than timeoutMs
  | 'stream-idle' // a stream sent nothing for idleTimeoutMs
  | 'truncated' // a stream ended before its terminal event
  | 'invalid-json'; // a 2xx body that should have been JSON was not

/** The runner's view of a transport failure kind when the transport gave no finer one. */
const FAILURE_KIND: Record<TransportFailureKind, FailureKind> = {
  http: 'other',
  connection: 'connection',
  timeout: 'timeout',
  'stream-idle': 'timeout',
  truncated: 'cut-off',
  'invalid-json': 'invalid-reply',
};

export class TransportError extends ProviderError {
  readonly kind: TransportFailureKind;
  /** The typed classification the runner acts on (retry, back off, open the circuit). */
  readonly failure: ProviderFailure;
  readonly attempts: number;
  readonly metadata: ProviderResponseMetadata;
  readonly envelope?: ErrorEnvelope;
  /** `host/path` of the request (never its query), so providers can name it in their own wording. */
  readonly where?: string;
  constructor(
    message: string,
    details: {
      kind: TransportFailureKind;
      attempts: number;
      metadata?: ProviderResponseMetadata;
      status?: number;
      envelope?: ErrorEnvelope;
      requestId?: string;
      where?: string;
      cause?: unknown;
      failure?: ProviderFailure;
    },
  ) {
    super(message, {
      status: details.status,
      providerCode: details.envelope?.code,
      requestId: details.requestId,
      cause: details.cause,
    });
    this.name = 'TransportError';
    this.kind = details.kind;
    this.attempts = details.attempts;
    this.metadata = details.metadata ?? {};
    this.envelope = details.envelope;
    this.where = details.where;
    this.failure = details.failure ?? {
      kind: FAILURE_KIND[details.kind],
      ...(details.status !== undefined ? { status: details.status } : {}),
    };
  }
}

const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/**
 * Understands the envelopes of the APIs Assay speaks: OpenAI `{error:{message,type,code}}`,
 * Databricks `{error_code, message}`, Cloudflare `{success:false, errors:[{code,message}]}`,
 * and the bare `{error: "text"}` / `{message}` / `{detail}` forms many servers use.
 */
export const defaultErrorEnvelope: ErrorEnvelopeParser = (body) => {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (error && typeof error === 'object' && !Array.isArray(error)) {
    const inner = error as Record<string, unknown>;
    return { message: asString(inner.message), code: asString(inner.code), type: asString(inner.type) };
  }
  if (typeof error === 'string') return { message: error, code: asString(record.error_code) ?? asString(record.code) };
  if (Array.isArray(record.errors) && record.errors.length) {
    const parts = record.errors.map((e) =>
      e && typeof e === 'object' ? (e as Record<string, unknown>) : { message: String(e) },
    );
    return {
      message: parts.map((p) => asString(p.message) ?? JSON.stringify(p)).join('; '),
      code: asString(parts[0]?.code),
    };
  }
  const message = asString(record.message) ?? asString(record.detail);
  const code = asString(record.error_code) ?? asString(record.code);
  return message || code ? { message, code, type: asString(record.type) } : undefined;
};

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown Status';
}

/**
 * A short, single-line excerpt of a body for messages. Known secrets are removed from the whole
 * body first: cut first, and a key straddling the cut would leak all but its last characters.
 */
export function snippet(text: string, max = 300): string {
  const flat = scrubText(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function hintFor(status: number, envelope: ErrorEnvelope | undefined): string | undefined {
  if (status === 401) return 'Check the API key or token for this provider.';
  if (status === 403) return 'The credential is valid but not allowed to use this endpoint or model.';
  if (status === 404) return 'Check the model or endpoint name and the base URL.';
  if (status === 429 && isQuotaExhausted(envelope))
    return 'Quota exceeded: retries will not help; check billing or the daily quota.';
  return undefined;
}

/** A 429 that means "out of money or daily quota", not "slow down". */
export function isQuotaExhausted(envelope: ErrorEnvelope | undefined): boolean {
  const code = `${envelope?.code ?? ''} ${envelope?.type ?? ''}`.toLowerCase();
  return code.includes('insufficient_quota') || code.includes('quota_exceeded') || code.includes('billing');
}

/** `HTTP 429 Too Many Requests from host/path: message (type: t, code: c) [request id: r]`. */
export function describeHttpFailure(args: {
  status: number;
  where: string;
  envelope?: ErrorEnvelope;
  bodyText: string;
  requestId?: string;
  attempts: number;
}): string {
  const { status, where, envelope, bodyText, requestId, attempts } = args;
  let text = `HTTP ${status} ${statusText(status)} from ${where}`;
  if (envelope?.message) text += `: ${envelope.message}`;
  else if (bodyText.trim()) text += `: ${snippet(bodyText)}`;
  const tags = [envelope?.type && `type: ${envelope.type}`, envelope?.code && `code: ${envelope.code}`].filter(Boolean);
  if (tags.length) text += ` (${tags.join(', ')})`;
  if (requestId) text += ` [request id: ${requestId}]`;
  if (attempts > 1) text += `; gave up after ${attempts} attempts`;
  const hint = hintFor(status, envelope);
  return hint ? `${text}. ${hint}` : text;
}

/** `host/path` of a URL without its query, which may hold a secret. */
export function describeUrl(url: URL): string {
  return `${url.host}${url.pathname}`;
}
