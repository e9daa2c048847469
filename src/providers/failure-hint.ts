// Rewrites an HTTP failure from the transport into one line that ends with a provider-specific
// next step (which env var to check, what the code means), replacing the transport's generic hint.

import { STATUS_CODES } from 'node:http';
import type { TransportError } from './transport/index.js';

/**
 * `<name> API error: HTTP 401 Unauthorized from host/path: <message> (code: c) [request id: r]. <hint>`,
 * the same order as the transport's own messages, so every provider's errors read alike.
 */
export function hintedHttpFailure(
  displayName: string,
  err: TransportError,
  hint: string,
  secrets: readonly string[],
): string {
  const status = err.status ?? 0;
  let text = `${displayName} API error: HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd();
  if (err.where) text += ` from ${err.where}`;
  const envelope = err.envelope;
  // Some gateways (Cloudflare among them) put the error envelope in a 2xx reply.
  if (status >= 200 && status < 300) text += ' carried an error';
  if (envelope?.message) text += `: ${envelope.message}`;
  const tags = [envelope?.type && `type: ${envelope.type}`, envelope?.code && `code: ${envelope.code}`].filter(Boolean);
  if (tags.length) text += ` (${tags.join(', ')})`;
  if (err.requestId) text += ` [request id: ${err.requestId}]`;
  if (err.attempts > 1) text += `; gave up after ${err.attempts} attempts`;
  return scrub(`${text}. ${hint}`, secrets);
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
