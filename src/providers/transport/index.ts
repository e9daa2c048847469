// The transport's public API: the only module providers import to talk HTTP.

export { httpJson, httpStream } from './http-client.js';
export type {
  HttpAuth,
  HttpMethod,
  HttpOptions,
  HttpRequest,
  HttpResult,
  HttpStream,
  HttpStreamOptions,
} from './types.js';
export {
  TransportError,
  defaultErrorEnvelope,
  type ErrorEnvelope,
  type ErrorEnvelopeParser,
  type TransportFailureKind,
} from './errors.js';
export { httpFailureKind, type HttpFailureInfo, type RetryClassifier } from './network-errors.js';
export { DEFAULT_TIMEOUT_MS } from './attempt.js';
export { SseDecoder, parseSse, type SseEvent } from './sse.js';
export { closeDispatchers } from './proxy.js';
export { pickRateLimitHeaders, requestIdFrom, rateLimitExhausted, type HeaderMap } from './rate-limit-headers.js';
export { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
export { httpText, type HttpTextResult } from './http-text.js';
