// Reads what a response's headers say about rate limits and about the request's identity, so
// the runner can adapt its concurrency and error messages can name the request id.

/** Response headers, lower-cased, one string per name (repeated headers joined with `, `). */
export type HeaderMap = Record<string, string>;

const RATE_LIMIT_PATTERN = /^(x-ratelimit-|ratelimit|x-rate-limit-|retry-after|anthropic-ratelimit-|llm_ratelimiting)/;

/** `x-ratelimit-*`, IETF `ratelimit-*`, `retry-after(-ms)` and vendor variants, or undefined when none. */
export function pickRateLimitHeaders(headers: HeaderMap): Record<string, string> | undefined {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (RATE_LIMIT_PATTERN.test(name)) picked[name] = value;
  }
  return Object.keys(picked).length ? picked : undefined;
}

const REQUEST_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-databricks-request-id',
  'x-ms-request-id',
  'cf-ray',
  'x-correlation-id',
  'x-trace-id',
];

/** The id a vendor gives the request, for support tickets and error messages. */
export function requestIdFrom(headers: HeaderMap): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (value) return value;
  }
  return undefined;
}

/** Whether the headers say the quota is spent right now (a hint for adaptive concurrency). */
export function rateLimitExhausted(headers: HeaderMap): boolean {
  return ['x-ratelimit-remaining', 'x-ratelimit-remaining-requests', 'x-ratelimit-remaining-tokens'].some(
    (name) => headers[name] !== undefined && Number(headers[name]) === 0,
  );
}

/** Normalises undici's header object (string | string[] values) into a HeaderMap. */
export function toHeaderMap(raw: Record<string, string | string[] | undefined>): HeaderMap {
  const map: HeaderMap = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    map[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return map;
}
