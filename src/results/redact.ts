// Removes secrets (API keys, tokens, client secrets, passwords, Authorization headers, secret URL
// query parameters) from a config or any value before it is written to an output file.

import { isProvider, type Provider } from '../providers/types.js';
import { isSecretParam, safeDecodeURIComponent } from '../redaction/secret-params.js';
import { isPlainHeader, isSecretName } from '../redaction/secret-names.js';
import { REDACTED, scrubText } from '../redaction/secret-registry.js';

export { REDACTED };

/** True when a config key names a credential (`apiKey`, `X-Auth`, `Ocp-Apim-Subscription-Key`, `MY_SERVICE_KEY`). */
export function isSecretKey(key: string): boolean {
  return isSecretName(key);
}

/** Redacts secret query parameters, URL passwords and bearer tokens inside a string. */
export function redactString(text: string): string {
  let out = scrubText(text);
  // A URL, or a URL template whose scheme and host come from a var (`{{ base }}/chat?token=…`).
  if (out.includes('://') || /^\s*\{\{[^}]*\}\}\S*\?[^\s=]+=/.test(out)) {
    out = out.replace(/(:\/\/[^/\s:@]+:)[^@/\s]+@/g, `$1${REDACTED}@`);
    out = out.replace(/([?&])([^=&#\s]+)=([^&#\s]*)/g, (whole, sep: string, name: string) =>
      isSecretParam(name) || isOAuthCode(name) ? `${sep}${name}=${REDACTED}` : whole,
    );
  }
  if (/bearer\s/i.test(out)) out = out.replace(/\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${REDACTED}`);
  return out;
}

/**
 * `value` with secret values replaced by "[REDACTED]". Walks plain objects and arrays; providers
 * built from code are reduced to `{ id, label }`; functions are left out (files cannot hold them
 * anyway). Cycles become "[Circular]". Only the objects on the way to a change are copied: a
 * subtree with nothing to redact (50,000 inline tests) is the caller's own object, so treat the
 * result as read-only.
 */
export function redactSecrets(value: unknown): unknown {
  return walk(value, new WeakSet(), false);
}

function walk(value: unknown, seen: WeakSet<object>, inHeaders: boolean): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'function') return undefined;
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (isProvider(value)) return providerSummary(value);
  if (value instanceof Date) return value.toISOString();
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const redacted = walk(item, seen, false);
        if (redacted !== item) (copy ??= value.slice())[i] = redacted;
      }
      return copy ?? value;
    }
    // A class instance (anything but a plain object) is always written as a plain copy, as before.
    const proto: unknown = Object.getPrototypeOf(value);
    const keys = Object.keys(value);
    let out = proto === Object.prototype || proto === null ? undefined : copyOfFirst(value, keys, 0);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const item: unknown = (value as Record<string, unknown>)[key];
      if (typeof item === 'function') {
        out ??= copyOfFirst(value, keys, i);
        continue;
      }
      // Any header may carry a gateway's key, whatever it is called; only plain ones are shown.
      const secret = inHeaders ? !isPlainHeader(key) : isSecretKey(key);
      const redacted = secret && isSecretValue(item) ? REDACTED : walk(item, seen, key.toLowerCase() === 'headers');
      if (out === undefined && redacted !== item) out = copyOfFirst(value, keys, i);
      if (out !== undefined) out[key] = redacted;
    }
    return out ?? value;
  } finally {
    seen.delete(value);
  }
}

/** A plain object holding `value`'s first `count` keys (which needed no change). */
function copyOfFirst(value: object, keys: string[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) out[keys[i]!] = (value as Record<string, unknown>)[keys[i]!];
  return out;
}

export function providerSummary(provider: Provider): { id: string; label?: string } {
  let id: string;
  try {
    id = String(provider.id());
  } catch {
    id = 'unknown';
  }
  return typeof provider.label === 'string' ? { id, label: provider.label } : { id };
}

// Only text counts as a secret (`isPayPerToken: true`, `maxToken: 100` are settings). A value that is just a
// template (`apiKey: '{{ env.OPENAI_API_KEY }}'`) names a secret without holding it.
function isSecretValue(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false;
  return !/^\s*(\{\{[^}]*\}\}|\$\{[A-Za-z_][A-Za-z0-9_]*\})\s*$/.test(value);
}

// An OAuth authorization code in a callback URL is a credential in a saved config; in a WebSocket
// URL shown as a provider id, `code` is more often a close code, so it is not in the shared list.
function isOAuthCode(name: string): boolean {
  return safeDecodeURIComponent(name).toLowerCase() === 'code';
}
