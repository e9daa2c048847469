// What Cloudflare's error codes mean for the user and for retries: each known code gets a next
// step; a spent daily quota (3036) is final, a capacity shortage (3040) is worth waiting for.

import type { HttpFailureInfo } from '../transport/index.js';
import type { TransportError } from '../transport/index.js';

/** 3036 will not clear for hours, so retrying only delays the error; 3040 clears in seconds. */
export function cloudflareRetryable(failure: HttpFailureInfo): boolean | undefined {
  const code = failure.envelope?.code;
  if (code === '3036') return false;
  if (code === '3040') return true;
  return undefined;
}

export interface HintContext {
  /** Where the account id comes from, e.g. `CLOUDFLARE_ACCOUNT_ID / accountId`. */
  accountSource: string;
  /** Set when a full base URL (config or env) carries the account id instead. */
  baseUrlSource?: string;
  keySource: string;
}

/** A next step for the error, keyed by Cloudflare's code, else by HTTP status; undefined when none applies. */
export function cloudflareHint(err: TransportError, ctx: HintContext): string | undefined {
  switch (err.envelope?.code) {
    case '7003':
    case '7000':
      return ctx.baseUrlSource
        ? `Cloudflare could not route the request: check the account id in ${ctx.baseUrlSource} (or unset it and use ${ctx.accountSource}).`
        : `Cloudflare could not route the request: check ${ctx.accountSource} (the account id).`;
    case '10000':
      return `Authentication failed: check ${ctx.keySource}; it must be an API token with Workers AI permission for this account.`;
    case '3036':
      return 'The daily free allocation of neurons is used up; not retried. Wait for the daily reset or move to the Workers Paid plan.';
    case '3040':
      // Only a 429 is retried; the same code inside a 200 reply is not.
      return `Workers AI is out of capacity for this model right now${err.attempts > 1 ? `; retried ${err.attempts - 1} times with backoff` : ''}. Try again later or lower maxConcurrency.`;
    case '5007':
      return 'Check the model name in the Workers AI catalog (developers.cloudflare.com/workers-ai/models) and that the provider type (chat, completion, embedding) fits the model.';
    case '5004':
      return 'Cloudflare rejected the input; check the prompt format and options for this model.';
  }
  if (err.status === 401 || err.status === 403) return `Authentication failed: check ${ctx.keySource}.`;
  if (err.status === 429) return 'Rate limited by Workers AI; lower maxConcurrency.';
  return undefined;
}
