// The transport's public shapes: what a provider describes (HttpRequest) and the policy knobs it
// may set (HttpOptions). Providers never open connections themselves.

import type { ProviderResponseMetadata } from '../types.js';
import type { ErrorEnvelopeParser } from './errors.js';
import type { HeaderMap } from './rate-limit-headers.js';
import type { RetryClassifier } from './network-errors.js';
import type { SseEvent } from './sse.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request as a provider describes it. */
export interface HttpRequest {
  url: string;
  /** Default POST when there is a body, else GET. */
  method?: HttpMethod;
  headers?: Record<string, string>;
  /** Serialised as JSON (with `content-type: application/json`) unless it is already a string. */
  body?: unknown;
}

/** Credentials that can change during a run (OAuth). Static keys can simply go in `headers`. */
export interface HttpAuth {
  /** Headers to add to each attempt (e.g. `{ authorization: 'Bearer …' }`). */
  headers(): Promise<Record<string, string>>;
  /** Called once per request after a 401: refresh the credential and return true to retry. */
  onUnauthorized?(): Promise<boolean>;
}

export interface HttpOptions {
  signal?: AbortSignal;
  /** Whole-request limit per attempt, in ms. Default 300 000. */
  timeoutMs?: number;
  auth?: HttpAuth;
  /** Provider-specific error body reader; the default understands OpenAI, Databricks and Cloudflare. */
  errorEnvelope?: ErrorEnvelopeParser;
  /** Provider override of which failed replies are worth retrying (it sets the failure's kind; the runner retries). */
  isRetryable?: RetryClassifier;
  /** Values to scrub from messages besides those found in headers and the URL. */
  secrets?: readonly string[];
  /** Env to read HTTP(S)_PROXY / NO_PROXY from before process.env. */
  env?: Record<string, string | undefined>;
  /** Statuses besides 2xx to hand back as a reply instead of a failure (the http provider's validateStatus). */
  acceptStatus?: (status: number) => boolean;
}

export interface HttpStreamOptions extends HttpOptions {
  /** Longest silence allowed between chunks, in ms. Default min(timeoutMs, 120 000). */
  idleTimeoutMs?: number;
  /** Data payload that ends the stream. Default `[DONE]`; null when the API has none. */
  terminalData?: string | null;
  /** Whether ending without the terminal payload is an error. Default true when terminalData is set. */
  requireTerminal?: boolean;
}

export interface HttpResult<T = unknown> {
  status: number;
  statusText: string;
  headers: HeaderMap;
  /** The parsed JSON body (null for an empty body). Validate it before use. */
  body: T;
  latencyMs: number;
  attempts: number;
  metadata: ProviderResponseMetadata;
}

export interface HttpStream {
  status: number;
  statusText: string;
  headers: HeaderMap;
  attempts: number;
  metadata: ProviderResponseMetadata;
  /** ms from the start of the successful attempt to its response headers. */
  headersLatencyMs: number;
  /** Single-use. Ends at the terminal event; throws TransportError on stall or truncation. */
  events: AsyncIterable<SseEvent>;
  /**
   * Set when the server ignored `stream` and answered with a whole JSON body (not an error
   * envelope); `events` is then empty and the caller should use this as the reply.
   */
  json?: unknown;
}
