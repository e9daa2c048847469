// Where a Cloudflare Workers AI provider sends requests and with which token: account id and API
// token from config or env (custom variable names allowed), the OpenAI-compatible base URL, and
// the config handed to the OpenAI base (unknown keys become body passthrough, as in promptfoo).

import * as z from 'zod';
import { ConfigError } from '../../errors.js';
import { openAiConfigSchema, type OpenAiFamily } from '../openai-compatible/index.js';
import { lookupEnv, type ProviderOptions } from '../types.js';
import { cloudflareRetryable } from './errors.js';
import { parseProviderConfig } from '../config-schema.js';

export const CLOUDFLARE_FAMILY: OpenAiFamily = {
  name: 'cloudflare-ai',
  displayName: 'Cloudflare Workers AI',
  apiKeyEnvVar: 'CLOUDFLARE_API_KEY',
  isRetryable: cloudflareRetryable,
};

export const ACCOUNT_ENV = 'CLOUDFLARE_ACCOUNT_ID';
export const KEY_ENVS = ['CLOUDFLARE_API_KEY', 'CLOUDFLARE_API_TOKEN'] as const;
export const BASE_URL_ENV = 'CLOUDFLARE_API_BASE_URL';

const cloudflareKeysSchema = z.looseObject({
  accountId: z.string().optional(),
  accountIdEnvar: z.string().optional(),
  apiKey: z.string().optional(),
  apiKeyEnvar: z.string().optional(),
  apiBaseUrl: z.string().optional(),
});

/** Keys that configure the provider and never belong in a request body. */
const NOT_FOR_BODY = new Set([...Object.keys(openAiConfigSchema.shape), 'accountId', 'accountIdEnvar', 'basePath']);

export interface CloudflareConnection {
  baseUrl: string;
  /** Config for the OpenAI base: the env var that holds the token, passthrough filled in. */
  config: Record<string, unknown>;
}

export function resolveCloudflareConnection(options: ProviderOptions): CloudflareConnection {
  const settings = parseProviderConfig(
    cloudflareKeysSchema,
    options.config,
    (_keyPath, message) => `Provider ${options.id}: ${message}`,
  );
  const keyEnvar = tokenEnvVar(options, settings);
  const baseUrl = settings.apiBaseUrl || lookupEnv(options, BASE_URL_ENV) || defaultBaseUrl(options, settings);

  const passthrough: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options.config)) if (!NOT_FOR_BODY.has(key)) passthrough[key] = value;
  const userPassthrough = options.config.passthrough;
  if (userPassthrough && typeof userPassthrough === 'object') Object.assign(passthrough, userPassthrough);

  const config: Record<string, unknown> = { ...options.config, apiBaseUrl: baseUrl, passthrough };
  if (keyEnvar) config.apiKeyEnvar = keyEnvar;
  delete config.basePath;
  return { baseUrl, config };
}

/** The env var holding the token (undefined when config.apiKey has it); throws when there is none. */
function tokenEnvVar(options: ProviderOptions, settings: z.infer<typeof cloudflareKeysSchema>): string | undefined {
  if (settings.apiKey) return undefined;
  const candidates = settings.apiKeyEnvar ? [settings.apiKeyEnvar, ...KEY_ENVS] : [...KEY_ENVS];
  const found = candidates.find((name) => lookupEnv(options, name));
  if (found) return found;
  const named = settings.apiKeyEnvar ? `the ${settings.apiKeyEnvar} environment variable (named by apiKeyEnvar), ` : '';
  throw new ConfigError(
    `Cloudflare API token required for provider ${options.id}: set ${named}CLOUDFLARE_API_KEY (or CLOUDFLARE_API_TOKEN), or add apiKey to the provider config. Use an API token with Workers AI permission.`,
    {},
    'PROVIDER_CREDENTIALS',
  );
}

function defaultBaseUrl(options: ProviderOptions, settings: z.infer<typeof cloudflareKeysSchema>): string {
  const fromEnvar = settings.accountIdEnvar ? lookupEnv(options, settings.accountIdEnvar) : undefined;
  const accountId = settings.accountId || fromEnvar || lookupEnv(options, ACCOUNT_ENV);
  if (!accountId) {
    const named = settings.accountIdEnvar
      ? `the ${settings.accountIdEnvar} environment variable (named by accountIdEnvar), `
      : '';
    throw new ConfigError(
      `Cloudflare account ID required for provider ${options.id}: add accountId to the provider config, or set ${named}${ACCOUNT_ENV} (or ${BASE_URL_ENV} / apiBaseUrl to a full base URL).`,
      { keyPath: 'config.accountId' },
      'PROVIDER_CREDENTIALS',
    );
  }
  return `https://api.cloudflare.com/client/v4/accounts/${encodeURIComponent(accountId)}/ai/v1`;
}
