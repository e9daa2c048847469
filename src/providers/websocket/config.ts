// The WebSocket provider's config: validated once with zod when the provider is built, so a
// broken config fails before any connection is opened, with the provider and key named.

import * as z from 'zod';
import { ConfigError } from '../../errors.js';
import { checkEndpointUrl, type EndpointUrlRules, endpointUrlProblem } from '../endpoint-url.js';
import { lookupEnv, type ProviderOptions } from '../types.js';
import { redactUrl } from './redact-url.js';
import { parseProviderConfig } from '../config-schema.js';

export const DEFAULT_TIMEOUT_MS = 300_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;

type UserFunction = (...args: unknown[]) => unknown;
const userFunction = z.custom<UserFunction>((value) => typeof value === 'function', 'expected a function');
const script = z.union([z.string().min(1), userFunction]);
const nonNegative = z.number().finite().nonnegative();

const schema = z
  .object({
    url: z.string().min(1).optional(),
    messageTemplate: z.string(),
    transformResponse: script.optional(),
    /** promptfoo's deprecated name for transformResponse. */
    responseParser: script.optional(),
    streamResponse: script.optional(),
    timeoutMs: nonNegative.optional(),
    idleTimeoutMs: nonNegative.optional(),
    maxRetries: z.number().int().nonnegative().optional(),
    retryBaseDelayMs: nonNegative.optional(),
    headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
    protocols: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .loose();

/** The config after validation and defaults. */
export interface WebSocketSettings {
  /** URL template (ws:// or wss://), rendered with the test's vars on every call. */
  url: string;
  messageTemplate: string;
  transformResponse?: string | UserFunction;
  streamResponse?: string | UserFunction;
  timeoutMs: number;
  /** Longest silence allowed between two messages once a reply has started; 0 disables. */
  idleTimeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  headers?: Record<string, string>;
  protocols: string[];
}

const BARE_IDS = new Set(['ws', 'wss', 'websocket']);

/** Validates the config; throws ConfigError naming the provider (URL redacted) and the bad key. */
export function parseSettings(options: ProviderOptions): WebSocketSettings {
  const config = options.config ?? {};
  const rawUrl = typeof config.url === 'string' && config.url ? config.url : options.id;
  const shown = redactUrl(rawUrl);
  if (config.messageTemplate === undefined) {
    throw new ConfigError(
      `WebSocket provider ${shown} needs config.messageTemplate: the message to send, e.g. messageTemplate: '{"prompt": {{ prompt | dump }}}'`,
      { keyPath: 'config.messageTemplate' },
      'PROVIDER_CONFIG',
    );
  }
  const c = parseProviderConfig(
    schema,
    config,
    (keyPath, message) => `WebSocket provider ${shown}: ${keyPath} is invalid: ${message}`,
  );
  checkEndpointUrl(rawUrl, shown, WEBSOCKET_URL_RULES);
  return {
    url: rawUrl,
    messageTemplate: c.messageTemplate,
    transformResponse: c.transformResponse ?? c.responseParser,
    streamResponse: c.streamResponse,
    // promptfoo treats 0 as "use the default"; so do we.
    timeoutMs: c.timeoutMs || defaultTimeout(options),
    idleTimeoutMs: c.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    maxRetries: c.maxRetries ?? DEFAULT_MAX_RETRIES,
    retryBaseDelayMs: c.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
    headers: c.headers,
    protocols: splitProtocols(c.protocols),
  };
}

function defaultTimeout(options: ProviderOptions): number {
  const fromEnv = Number(lookupEnv(options, 'REQUEST_TIMEOUT_MS'));
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_TIMEOUT_MS;
}

function splitProtocols(protocols: string | string[] | undefined): string[] {
  if (protocols === undefined) return [];
  const list = Array.isArray(protocols) ? protocols : protocols.split(',');
  return list.map((p) => p.trim()).filter(Boolean);
}

const WEBSOCKET_URL_RULES: EndpointUrlRules = {
  provider: 'WebSocket provider',
  bareIds: BARE_IDS,
  exampleUrl: 'wss://example.com/ws',
  schemes: ['ws', 'wss'],
  // ws accepts http(s) URLs too and upgrades them.
  accepted: ['ws:', 'wss:', 'http:', 'https:'],
  noHostHint: '; expected ws://host[:port]/path',
};

/** Why a rendered URL cannot be connected to, or undefined when it can. */
export function urlProblem(url: string): string | undefined {
  return endpointUrlProblem(url, WEBSOCKET_URL_RULES);
}
