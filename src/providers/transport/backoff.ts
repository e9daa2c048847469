// How long a server asked to be left alone (`retry-after-ms`, `Retry-After`, `x-ratelimit-reset-*`),
// read by the HTTP transport and the WebSocket handshake into a failure's `retryAfterMs`, and the
// exponential backoff curve with jitter the runner's retry loop uses when the server said nothing.

export interface BackoffPolicy {
  /** First backoff step in ms (doubles each attempt). */
  baseDelayMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 30_000 };

type HeaderLookup = (name: string) => string | null | undefined;

/** Parses the wait a server asked for, in ms, or undefined when it asked nothing usable. */
export function serverRequestedDelayMs(header: HeaderLookup, now = Date.now()): number | undefined {
  const ms = header('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));

  const retryAfter = header('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }

  const resets = ['x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens', 'x-ratelimit-reset']
    .map((name) => parseResetHeader(header(name), now))
    .filter((value): value is number => value !== undefined);
  return resets.length ? Math.max(...resets) : undefined;
}

/** Exponential backoff with full jitter for `attempt` (0-based), capped. */
export function exponentialDelayMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * `x-ratelimit-reset-*` comes as a duration (`1s`, `6m0s`, `250ms`, OpenAI style), as seconds,
 * or as an epoch timestamp in seconds (generic style).
 */
function parseResetHeader(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const numeric = Number(trimmed);
  if (Number.isFinite(numeric)) {
    // Large values are epoch seconds; small ones are seconds to wait.
    return numeric > 1e9 ? Math.max(0, numeric * 1000 - now) : Math.max(0, numeric * 1000);
  }
  const durationPattern = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = false;
  for (const match of trimmed.matchAll(durationPattern)) {
    matched = true;
    const amount = Number(match[1]);
    const unit = match[2];
    total +=
      unit === 'ms' ? amount : unit === 's' ? amount * 1000 : unit === 'm' ? amount * 60_000 : amount * 3_600_000;
  }
  return matched ? total : undefined;
}
