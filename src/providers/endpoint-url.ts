// The URL checks the providers that call a user's own endpoint share (http, WebSocket): a bare id
// without a URL, a URL that does not parse, a scheme the provider cannot use, no host. Literal URLs
// are checked when the provider is built; templated ones once rendered, per call.

import { ConfigError } from '../errors.js';

export interface EndpointUrlRules {
  /** How messages name the provider: `HTTP provider`, `WebSocket provider`. */
  provider: string;
  /** Ids that name the provider without a URL (`http`, `ws`), which then needs config.url. */
  bareIds: ReadonlySet<string>;
  /** An example config.url for the bare-id message. */
  exampleUrl: string;
  /** The two schemes a user writes (`http`, `https`), named in messages. */
  schemes: readonly [string, string];
  /** URL protocols accepted (`http:`...); by default the two schemes. */
  accepted?: readonly string[];
  /** Appended to "has no host" (e.g. `; expected ws://host[:port]/path`). */
  noHostHint?: string;
}

/** Why a rendered URL cannot be used, or undefined when it can. */
export function endpointUrlProblem(url: string, rules: EndpointUrlRules): string | undefined {
  const [a, b] = rules.schemes;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is not a valid URL; expected ${a}://host[:port]/path or ${b}://host[:port]/path`;
  }
  const accepted = rules.accepted ?? [`${a}:`, `${b}:`];
  if (!accepted.includes(parsed.protocol)) return `uses ${parsed.protocol}// ; expected ${a}:// or ${b}://`;
  if (!parsed.hostname) return `has no host${rules.noHostHint ?? ''}`;
  return undefined;
}

/** Checks the configured URL when the provider is built (`shown` is the URL with secrets redacted). */
export function checkEndpointUrl(url: string, shown: string, rules: EndpointUrlRules): void {
  if (rules.bareIds.has(url)) {
    throw new ConfigError(
      `${rules.provider} "${url}" needs config.url, e.g. url: '${rules.exampleUrl}'`,
      { keyPath: 'config.url' },
      'PROVIDER_CONFIG',
    );
  }
  if (url.includes('{{') || url.includes('{%')) return;
  const problem = endpointUrlProblem(url, rules);
  if (problem)
    throw new ConfigError(`${rules.provider} URL ${shown} ${problem}`, { keyPath: 'config.url' }, 'PROVIDER_CONFIG');
}
