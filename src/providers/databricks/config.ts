// The Databricks-only config keys (workspace, auth, pay-per-token, AI Gateway, usage context),
// validated once at build time, plus the env lookup and workspace URL rules the provider uses.

import * as z from 'zod';
import { ConfigError } from '../../errors.js';
import { lookupEnv, type ProviderOptions } from '../types.js';
import { parseProviderConfig } from '../config-schema.js';

const usageValue = z.union([z.string(), z.number(), z.boolean()]);

export const databricksConfigSchema = z.looseObject({
  workspaceUrl: z.string().optional(),
  apiKey: z.string().optional(),
  apiKeyEnvar: z.string().optional(),
  authType: z.enum(['pat', 'service_principal_oauth', 'oauth-m2m']).optional(),
  /** Personal access token (alias of apiKey). */
  token: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  /** Profile in ~/.databrickscfg (or DATABRICKS_CONFIG_FILE). */
  profile: z.string().optional(),
  isPayPerToken: z.boolean().optional(),
  usageContext: z.record(z.string(), usageValue).optional(),
  aiGatewayConfig: z
    .strictObject({
      enableSafety: z.boolean().optional(),
      piiHandling: z.enum(['none', 'block', 'mask']).optional(),
    })
    .optional(),
});

export type DatabricksConfig = z.infer<typeof databricksConfigSchema>;
export type AiGatewayConfig = NonNullable<DatabricksConfig['aiGatewayConfig']>;

export function parseDatabricksConfig(config: Record<string, unknown>, providerId: string): DatabricksConfig {
  return parseProviderConfig(
    databricksConfigSchema,
    config,
    (_keyPath, message) => `Provider ${providerId}: ${message}`,
  );
}

/**
 * An env variable, provider/suite env first. Unlike lookupEnv, an explicit empty value in the
 * provider's env masks the process env, so a suite can switch a variable off for one provider.
 */
export function databricksEnv(options: Pick<ProviderOptions, 'env'>, name: string): string | undefined {
  if (Object.hasOwn(options.env, name) && options.env[name] === '') return undefined;
  return lookupEnv(options, name);
}

/** `adb-1.azuredatabricks.net/` → `https://adb-1.azuredatabricks.net`. */
export function normaliseWorkspaceUrl(raw: string): string {
  let url = raw.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `https://${url}`;
  url = url.replace(/\/+$/, '');
  try {
    new URL(url);
  } catch {
    throw new ConfigError(
      `Databricks workspace URL "${raw}" is not a valid URL (expected https://<workspace>.cloud.databricks.com).`,
      { keyPath: 'config.workspaceUrl' },
      'PROVIDER_CONFIG',
    );
  }
  return url;
}

/** Where the workspace URL came from, for messages. */
export function resolveWorkspaceUrl(
  options: ProviderOptions,
  config: DatabricksConfig,
  profileHost: string | undefined,
  profileName: string | undefined,
): string {
  const raw =
    config.workspaceUrl ||
    databricksEnv(options, 'DATABRICKS_WORKSPACE_URL') ||
    databricksEnv(options, 'DATABRICKS_HOST') ||
    profileHost;
  if (!raw) {
    const profileHint = profileName
      ? ` or add host to the [${profileName}] profile in ~/.databrickscfg`
      : ' or add host to a ~/.databrickscfg profile';
    throw new ConfigError(
      `Databricks workspace URL is required for provider ${options.id}. Set config.workspaceUrl or the DATABRICKS_WORKSPACE_URL (or DATABRICKS_HOST) environment variable${profileHint}.`,
      { keyPath: 'config.workspaceUrl' },
      'PROVIDER_CONFIG',
    );
  }
  return normaliseWorkspaceUrl(raw);
}

/** usage_context must be a map of strings; numbers and booleans are sent as their text. */
export function usageContextBody(usage: DatabricksConfig['usageContext']): Record<string, string> | undefined {
  if (!usage) return undefined;
  return Object.fromEntries(Object.entries(usage).map(([key, value]) => [key, String(value)]));
}
