// The generic HTTP provider's config (promptfoo's `http` / `https://…` provider): validated once
// when the provider is built, so a bad key fails before any request, with the provider named.

import * as z from 'zod';
import { ConfigError } from '../../errors.js';
import { checkEndpointUrl, type EndpointUrlRules, endpointUrlProblem } from '../endpoint-url.js';
import type { HttpMethod } from '../transport/index.js';
import { lookupEnv, type ProviderOptions } from '../types.js';
import { redactUrl } from '../websocket/redact-url.js';
import { parseProviderConfig } from '../config-schema.js';

export const DEFAULT_TIMEOUT_MS = 300_000;

type UserFunction = (...args: unknown[]) => unknown;
const userFunction = z.custom<UserFunction>((value) => typeof value === 'function', 'expected a function');
const script = z.union([z.string().min(1), userFunction]);
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const schema = z
  .object({
    url: z.string().min(1).optional(),
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']))
      .optional(),
    headers: z.record(z.string(), scalar).optional(),
    body: z.unknown().optional(),
    queryParams: z.record(z.string(), scalar).optional(),
    transformRequest: script.optional(),
    transformResponse: script.optional(),
    /** promptfoo's deprecated name for transformResponse. */
    responseParser: script.optional(),
    validateStatus: script.optional(),
    timeoutMs: z.number().finite().nonnegative().optional(),
    idleTimeoutMs: z.number().finite().nonnegative().optional(),
    maxRetries: z.number().int().nonnegative().optional(),
    auth: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
        z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }),
        z.object({
          type: z.literal('api_key'),
          keyName: z.string().min(1),
          value: z.string().min(1),
          placement: z.enum(['header', 'query']).default('header'),
        }),
      ])
      .optional(),
  })
  .loose();

/** promptfoo's `auth` forms Assay sends (OAuth token fetching is not among them). */
export type HttpAuthConfig = NonNullable<z.infer<typeof schema>['auth']>;

/** promptfoo keys this provider does not implement; each would silently change what is sent. */
const UNSUPPORTED: Record<string, string> = {
  request:
    'raw HTTP requests (config.request) are not supported by Assay; describe the request with url, method, headers and body',
  signatureAuth:
    'request signing (config.signatureAuth) is not supported by Assay; sign in a transformRequest or a custom file:// provider',
  sessionParser: 'multi-turn sessions (config.sessionParser) are not supported by Assay',
  session: 'multi-turn sessions (config.session) are not supported by Assay',
  tls: 'custom TLS settings (config.tls) are not supported by Assay; use NODE_EXTRA_CA_CERTS for a private CA',
};

/** `auth.type: oauth` fetches tokens; Assay sends only static credentials. */
const OAUTH_UNSUPPORTED =
  'OAuth token fetching (config.auth.type: oauth) is not supported by Assay; fetch the token beforehand and use auth: {type: bearer, token: "{{ env.MY_TOKEN }}"}';

export interface HttpSettings {
  /** URL template, rendered with the test's vars on every call. */
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body?: unknown;
  queryParams?: Record<string, string>;
  transformRequest?: string | UserFunction;
  transformResponse?: string | UserFunction;
  validateStatus?: string | UserFunction;
  timeoutMs: number;
  idleTimeoutMs?: number;
  maxRetries?: number;
  auth?: HttpAuthConfig;
}

/** Validates the config; throws ConfigError naming the provider (URL redacted) and the bad key. */
export function parseHttpSettings(options: ProviderOptions): HttpSettings {
  const config = options.config ?? {};
  const rawUrl = typeof config.url === 'string' && config.url ? config.url : options.id;
  const shown = redactUrl(rawUrl);
  for (const key of Object.keys(UNSUPPORTED)) {
    if (config[key] !== undefined)
      throw new ConfigError(
        `HTTP provider ${shown}: ${UNSUPPORTED[key]}`,
        { keyPath: `config.${key}` },
        'PROVIDER_CONFIG',
      );
  }
  if ((config.auth as { type?: unknown } | undefined)?.type === 'oauth')
    throw new ConfigError(
      `HTTP provider ${shown}: ${OAUTH_UNSUPPORTED}`,
      { keyPath: 'config.auth.type' },
      'PROVIDER_CONFIG',
    );
  const c = parseProviderConfig(
    schema,
    config,
    (keyPath, message) => `HTTP provider ${shown}: ${keyPath} is invalid: ${message}`,
  );
  checkEndpointUrl(rawUrl, shown, HTTP_URL_RULES);
  return {
    url: rawUrl,
    // As promptfoo documents it: POST when there is a body to send, else GET.
    method: (c.method as HttpMethod | undefined) ?? (c.body !== undefined ? 'POST' : 'GET'),
    headers: c.headers ?? {},
    body: c.body,
    queryParams: c.queryParams,
    transformRequest: c.transformRequest,
    transformResponse: c.transformResponse ?? c.responseParser,
    validateStatus: c.validateStatus,
    // promptfoo treats 0 as "use the default"; so do we.
    timeoutMs: c.timeoutMs || defaultTimeout(options),
    idleTimeoutMs: c.idleTimeoutMs,
    maxRetries: c.maxRetries,
    auth: c.auth,
  };
}

function defaultTimeout(options: ProviderOptions): number {
  const fromEnv = Number(lookupEnv(options, 'REQUEST_TIMEOUT_MS'));
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_TIMEOUT_MS;
}

const HTTP_URL_RULES: EndpointUrlRules = {
  provider: 'HTTP provider',
  bareIds: new Set(['http', 'https']),
  exampleUrl: 'https://example.com/generate',
  schemes: ['http', 'https'],
};

/** Why a rendered URL cannot be requested, or undefined when it can. */
export function httpUrlProblem(url: string): string | undefined {
  return endpointUrlProblem(url, HTTP_URL_RULES);
}
