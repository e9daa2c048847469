// Hides credentials carried in a WebSocket URL (secret query values, user:password@) so the URL
// can appear in ids, logs and error messages. Works on unrendered templates too, so `{{ x }}` stays.

import { isSecretParam, safeDecodeURIComponent } from '../../redaction/secret-params.js';
import { scrubText } from '../../redaction/secret-registry.js';

export const REDACTED = '%5BREDACTED%5D';

/** The URL with secret query values and any password replaced; everything else is kept verbatim. */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = redactUserInfo(queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt));
  if (queryAt === -1) return base + hash;
  const query = beforeHash
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = pair.slice(0, eq);
      return isSecretParam(name) && pair.length > eq + 1 ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${base}?${query}${hash}`;
}

/** The secret values a URL carries, so messages from lower layers can be scrubbed of them. */
export function secretValuesIn(url: string): string[] {
  const values: string[] = [];
  const queryAt = url.indexOf('?');
  if (queryAt !== -1) {
    const query = url.slice(queryAt + 1).split('#')[0] ?? '';
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      if (eq !== -1 && isSecretParam(pair.slice(0, eq)) && pair.length > eq + 1) values.push(pair.slice(eq + 1));
    }
  }
  const password = /^[a-z][\w+.-]*:\/\/[^/@?#:]*:([^/@?#]*)@/i.exec(url)?.[1];
  if (password) values.push(password);
  return values;
}

/** Replaces every occurrence of the given secrets (raw and URL-decoded), then every other known secret. */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let out = scrubText(message);
  for (const secret of secrets) {
    for (const form of new Set([secret, safeDecodeURIComponent(secret)])) {
      if (form.length >= 3) out = out.split(form).join('[REDACTED]');
    }
  }
  return out;
}

function redactUserInfo(base: string): string {
  return base.replace(/^([a-z][\w+.-]*:\/\/[^/@?#:]*):[^/@?#]*@/i, `$1:${REDACTED}@`);
}
