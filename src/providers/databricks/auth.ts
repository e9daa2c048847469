// Chooses how a Databricks provider authenticates: a personal access token, or OAuth M2M with a
// service principal's client id and secret, from config, env or a ~/.databrickscfg profile.

import { ConfigError } from '../../errors.js';
import type { HttpAuth } from '../transport/index.js';
import type { ProviderOptions } from '../types.js';
import { databricksEnv, type DatabricksConfig } from './config.js';
import type { DatabricksProfile } from './databrickscfg.js';
import { sharedTokenSource, type OAuthTokenSource } from './oauth.js';

export type DatabricksAuthKind = 'pat' | 'oauth';

export interface DatabricksAuth {
  kind: DatabricksAuthKind;
  /** A fresh HttpAuth per request, so that a 401 refreshes only the token that request used. */
  forRequest(): HttpAuth;
  /** Values to scrub from messages. */
  secrets: string[];
  /** Where the credential came from, for 401/403 hints (no secret). */
  source: string;
}

function authKindFrom(value: string | undefined, where: string): DatabricksAuthKind | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.toLowerCase();
  if (v === 'pat') return 'pat';
  if (v === 'service_principal_oauth' || v === 'oauth-m2m') return 'oauth';
  throw new ConfigError(
    `${where} "${value}" is not supported; use pat or service_principal_oauth (oauth-m2m).`,
    { keyPath: 'config.authType' },
    'PROVIDER_CONFIG',
  );
}

export function resolveAuth(
  options: ProviderOptions,
  config: DatabricksConfig,
  profile: DatabricksProfile | undefined,
  workspaceUrl: string,
): DatabricksAuth {
  const tokenVar = config.apiKeyEnvar ?? 'DATABRICKS_TOKEN';
  const fromProfile = profile ? ` or the [${profile.name}] profile in ${profile.file}` : '';
  const envPat = databricksEnv(options, tokenVar);
  const pat = config.apiKey || config.token || envPat || profile?.token;
  const patSource = config.apiKey
    ? 'config.apiKey'
    : config.token
      ? 'config.token'
      : envPat
        ? tokenVar
        : `the [${profile?.name}] profile's token`;
  const clientId = config.clientId || databricksEnv(options, 'DATABRICKS_CLIENT_ID') || profile?.clientId;
  const clientSecret =
    config.clientSecret || databricksEnv(options, 'DATABRICKS_CLIENT_SECRET') || profile?.clientSecret;

  const kind =
    authKindFrom(config.authType, 'config.authType') ??
    authKindFrom(databricksEnv(options, 'DATABRICKS_AUTH_TYPE'), 'DATABRICKS_AUTH_TYPE') ??
    (pat ? 'pat' : clientId || clientSecret ? 'oauth' : undefined);

  if (kind === undefined) {
    throw new ConfigError(
      `Databricks credentials are not set for provider ${options.id}. Set ${tokenVar} (or config.apiKey) to a personal access token, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (or config.clientId/clientSecret) for a service principal${fromProfile || ', or add a profile to ~/.databrickscfg'}.`,
      {},
      'PROVIDER_CREDENTIALS',
    );
  }
  if (kind === 'pat') {
    if (!pat) {
      throw new ConfigError(
        `Databricks authType is pat but no token is set for provider ${options.id}. Set ${tokenVar} or config.apiKey${fromProfile}.`,
        { keyPath: 'config.apiKey' },
        'PROVIDER_CREDENTIALS',
      );
    }
    const headers = { authorization: `Bearer ${pat}` };
    const auth: HttpAuth = { headers: async () => headers };
    return { kind, forRequest: () => auth, secrets: [pat], source: patSource };
  }
  const missing = [
    !clientId && 'DATABRICKS_CLIENT_ID (config.clientId)',
    !clientSecret && 'DATABRICKS_CLIENT_SECRET (config.clientSecret)',
  ].filter(Boolean);
  if (missing.length) {
    throw new ConfigError(
      `Databricks service principal OAuth needs a client id and secret for provider ${options.id}; missing ${missing.join(' and ')}${fromProfile ? `. They may also come from${fromProfile.slice(3)}` : ''}.`,
      { keyPath: clientId ? 'config.clientSecret' : 'config.clientId' },
      'PROVIDER_CREDENTIALS',
    );
  }
  const source = sharedTokenSource(
    { workspaceUrl, clientId: clientId!, clientSecret: clientSecret! },
    { env: options.env },
  );
  // The token fetch gets the provider's own timeout, not a fixed one.
  const timeoutMs =
    typeof options.config.timeoutMs === 'number' && options.config.timeoutMs > 0 ? options.config.timeoutMs : undefined;
  return {
    kind,
    forRequest: () => oauthRequestAuth(source, timeoutMs),
    secrets: [clientSecret!],
    source: `service principal ${clientId}`,
  };
}

/** Remembers the token it sent so that a 401 invalidates that token and no newer one. */
export function oauthRequestAuth(source: OAuthTokenSource, timeoutMs?: number): HttpAuth {
  let used: string | undefined;
  return {
    headers: async () => {
      used = await source.token({ timeoutMs });
      return { authorization: `Bearer ${used}` };
    },
    onUnauthorized: async () => {
      source.invalidate(used);
      await source.token({ timeoutMs });
      return true;
    },
  };
}
