// Collects the secret values of a request (credentials in headers and query parameters) and
// removes them from any text before it leaves the transport. Every value found is also added to
// the process's secret registry, so the same value is scrubbed from outputs, cache and console.

import { isPlainHeader } from '../../redaction/secret-names.js';
import { registerSecrets, scrubText } from '../../redaction/secret-registry.js';

const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie|signature|password/i;
const SECRET_PARAM = /key|token|secret|signature|sig|password|auth|code/i;

/** Secret values found in headers and the URL, longest first so overlapping values redact cleanly. */
export function collectSecrets(url: URL, headers: Record<string, string>, extra: readonly string[] = []): string[] {
  const found = new Set<string>(extra);
  for (const [name, value] of Object.entries(headers)) {
    // A gateway key may travel under any header name (`X-Tenant-Pass`); only plain ones are exempt.
    if (!value || isPlainHeader(name)) continue;
    found.add(value);
    if (!SECRET_HEADER.test(name)) continue;
    // `Bearer abc` / `Basic abc`: the credential alone may be echoed back by a server.
    const parts = value.split(/\s+/);
    if (parts.length === 2 && parts[1]) found.add(parts[1]);
  }
  for (const [name, value] of url.searchParams) {
    if (SECRET_PARAM.test(name) && value) found.add(value);
  }
  if (url.password) found.add(decodeURIComponent(url.password));
  const secrets = [...found].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  registerSecrets(secrets);
  return secrets;
}

// Auth hooks hand back the same header object while a credential lasts; read it once.
const headerSecretMemo = new WeakMap<object, string[]>();

/** `known` plus the secrets in `headers` (a credential from an auth hook); `known` itself when nothing is new. */
export function addHeaderSecrets(known: string[], headers: Record<string, string>): string[] {
  let found = headerSecretMemo.get(headers);
  if (!found) {
    found = collectSecrets(EMPTY_URL, headers);
    headerSecretMemo.set(headers, found);
  }
  if (found.every((secret) => known.includes(secret))) return known;
  return [...new Set([...known, ...found])].sort((a, b) => b.length - a.length);
}

const EMPTY_URL = new URL('http://x.invalid/');

/** Removes this request's secrets, then every other secret the process knows. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return scrubText(out);
}
