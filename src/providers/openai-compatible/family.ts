// What distinguishes one OpenAI-compatible API from another (defaults, env var names, error
// envelope, auth), and the resolution of a provider's connection from its config and env.
// Thin providers (Databricks, Llama API, Cloudflare) are an OpenAiFamily plus overrides.

import { ConfigError } from '../../errors.js';
import type { ErrorEnvelopeParser, HttpAuth, RetryClassifier } from '../transport/index.js';
import { lookupEnv, type ProviderOptions } from '../types.js';
import type { OpenAiConfig } from './config.js';

export interface OpenAiFamily {
  /** Registry family name, e.g. `openai`, `databricks`. */
  name: string;
  /** Name used in messages, e.g. `OpenAI`. */
  displayName: string;
  /** Base URL when config and env give none; omit to make one required. */
  defaultBaseUrl?: string;
  /** Env vars read (in order) for the base URL when config has no apiBaseUrl. */
  baseUrlEnvVars?: readonly string[];
  /** Env var holding the API key unless config.apiKeyEnvar names another. */
  apiKeyEnvVar: string;
  /** Default true: a missing key fails at build time. */
  apiKeyRequired?: boolean;
  errorEnvelope?: ErrorEnvelopeParser;
  isRetryable?: RetryClassifier;
  /** SSE terminal data; default `[DONE]`, null for APIs that just end the stream. */
  streamTerminal?: string | null;
  /**
   * The API may end a complete stream without the terminal data: a clean end then counts as
   * complete when a finish_reason arrived, and as truncated otherwise.
   */
  streamTerminalOptional?: boolean;
}

/** What a thin provider may decide itself instead of the generic config rules. */
export interface ConnectionOverrides {
  /** Fixed base URL (e.g. `<workspace>/serving-endpoints`); config.apiBaseUrl is then ignored. */
  baseUrl?: string;
  /** Dynamic credentials (OAuth); replaces the API key. */
  auth?: HttpAuth;
  /** Config to use instead of options.config (e.g. with passthrough additions). */
  config?: Record<string, unknown>;
}

export interface OpenAiConnection {
  baseUrl: string;
  /** `authorization` (when a key is used) plus config.headers. */
  headers: Record<string, string>;
  auth?: HttpAuth;
  /** Values to scrub from messages. */
  secrets: string[];
}

export const OPENAI_FAMILY: OpenAiFamily = {
  name: 'openai',
  displayName: 'OpenAI',
  defaultBaseUrl: 'https://api.openai.com/v1',
  baseUrlEnvVars: ['OPENAI_BASE_URL', 'OPENAI_API_BASE_URL'],
  apiKeyEnvVar: 'OPENAI_API_KEY',
};

export function resolveConnection(
  options: ProviderOptions,
  config: OpenAiConfig,
  family: OpenAiFamily,
  overrides: ConnectionOverrides = {},
): OpenAiConnection {
  const baseUrl = overrides.baseUrl ?? configuredBaseUrl(options, config, family);
  try {
    new URL(baseUrl);
  } catch {
    throw new ConfigError(
      `${family.displayName} base URL "${baseUrl}" is not a valid URL`,
      { keyPath: 'config.apiBaseUrl' },
      'PROVIDER_CONFIG',
    );
  }
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  if (!overrides.auth) {
    const envVar = config.apiKeyEnvar ?? family.apiKeyEnvVar;
    const apiKey = config.apiKey || lookupEnv(options, envVar);
    const required = config.apiKeyRequired ?? family.apiKeyRequired ?? true;
    if (!apiKey && required) {
      throw new ConfigError(
        `${family.displayName} API key is not set. Set the ${envVar} environment variable or add apiKey to the provider config (provider ${options.id}).`,
        {},
        'PROVIDER_CREDENTIALS',
      );
    }
    if (apiKey) {
      headers.authorization = `Bearer ${apiKey}`;
      secrets.push(apiKey);
    }
  }
  if (config.organization) headers['openai-organization'] = config.organization;
  for (const [name, value] of Object.entries(config.headers ?? {})) headers[name.toLowerCase()] = value;
  return { baseUrl, headers, auth: overrides.auth, secrets };
}

function configuredBaseUrl(options: ProviderOptions, config: OpenAiConfig, family: OpenAiFamily): string {
  if (config.apiBaseUrl) return config.apiBaseUrl;
  if (config.apiHost) return `https://${config.apiHost}/v1`;
  for (const name of family.baseUrlEnvVars ?? []) {
    const value = lookupEnv(options, name);
    if (value) return value;
  }
  if (family.defaultBaseUrl) return family.defaultBaseUrl;
  const vars = family.baseUrlEnvVars?.length ? ` or set ${family.baseUrlEnvVars.join(' / ')}` : '';
  throw new ConfigError(
    `${family.displayName} needs a base URL: add apiBaseUrl to the provider config${vars}.`,
    { keyPath: 'config.apiBaseUrl' },
    'PROVIDER_CONFIG',
  );
}

/** `<base>` + `/chat/completions`, keeping any query string the base URL carries. */
export function joinUrl(baseUrl: string, path: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  return url.toString();
}
