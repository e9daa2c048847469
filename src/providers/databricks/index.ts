// `databricks:<endpoint>` (chat, also answers embed()), `databricks:chat:<endpoint>`,
// `databricks:embedding:<endpoint>` and `databricks:completion:<endpoint>`: Databricks Model Serving.
// Everything about workspace, credentials and the endpoint is resolved here, before any request.

import { ConfigError } from '../../errors.js';
import type { Provider, ProviderFactory, ProviderOptions } from '../types.js';
import { resolveAuth } from './auth.js';
import { databricksEnv, parseDatabricksConfig, resolveWorkspaceUrl, type DatabricksConfig } from './config.js';
import { loadProfile } from './databrickscfg.js';
import { EndpointCheck } from './endpoint-info.js';
import { DatabricksChatProvider, DatabricksCompletionProvider, DatabricksEmbeddingProvider } from './provider.js';
import { DatabricksTarget } from './target.js';

export {
  DATABRICKS_FAMILY,
  DatabricksChatProvider,
  DatabricksCompletionProvider,
  DatabricksEmbeddingProvider,
} from './provider.js';
export { DatabricksTarget } from './target.js';
export {
  OAuthTokenSource,
  DatabricksAuthError,
  sharedTokenSource,
  clearTokenCache,
  type ClientCredentials,
} from './oauth.js';
export { loadProfile, parseIni, type DatabricksProfile } from './databrickscfg.js';
export { fromEndpointDescription, declarationProblems, type EndpointInfo, type ServingMode } from './endpoint-info.js';
export { databricksErrorEnvelope, hintFor } from './errors.js';
export { databricksConfigSchema, type DatabricksConfig } from './config.js';

const kinds = {
  chat: DatabricksChatProvider,
  completion: DatabricksCompletionProvider,
  completions: DatabricksCompletionProvider,
  embedding: DatabricksEmbeddingProvider,
  embeddings: DatabricksEmbeddingProvider,
} as const;

/**
 * Whether ~/.databrickscfg can change anything: not when no profile is named and the config or env
 * already give the workspace URL and a personal access token (which win over a profile's), so a
 * run set up that way does not wait on reading the file.
 */
function profileCanMatter(options: ProviderOptions, settings: DatabricksConfig): boolean {
  if (settings.profile || databricksEnv(options, 'DATABRICKS_CONFIG_PROFILE')) return true;
  const host =
    settings.workspaceUrl ||
    databricksEnv(options, 'DATABRICKS_WORKSPACE_URL') ||
    databricksEnv(options, 'DATABRICKS_HOST');
  const token = settings.apiKey || settings.token || databricksEnv(options, settings.apiKeyEnvar ?? 'DATABRICKS_TOKEN');
  const authType = (settings.authType ?? databricksEnv(options, 'DATABRICKS_AUTH_TYPE') ?? 'pat').toLowerCase();
  return !(host && token && authType === 'pat');
}

/** Builds a Databricks target (workspace, credentials, endpoint check) from the provider options. */
export async function resolveTarget(endpoint: string, options: ProviderOptions): Promise<DatabricksTarget> {
  const settings = parseDatabricksConfig(options.config, options.id);
  if (settings.isPayPerToken === true && !endpoint.startsWith('databricks-')) {
    throw new ConfigError(
      `Provider ${options.id}: config.isPayPerToken is true but "${endpoint}" is not a pay-per-token endpoint name. Pay-per-token Foundation Model endpoints are named databricks-<model> (e.g. databricks-meta-llama-3-3-70b-instruct); for a custom, provisioned throughput or external model endpoint, remove isPayPerToken or set it to false.`,
      { keyPath: 'config.isPayPerToken' },
      'PROVIDER_CONFIG',
    );
  }
  const profile = profileCanMatter(options, settings) ? await loadProfile(options, settings.profile) : undefined;
  const workspaceUrl = resolveWorkspaceUrl(options, settings, profile?.host, profile?.name);
  const auth = resolveAuth(options, settings, profile, workspaceUrl);
  const declared = { isPayPerToken: settings.isPayPerToken, aiGatewayConfig: settings.aiGatewayConfig };
  const check = new EndpointCheck(workspaceUrl, endpoint, declared, auth, options.env);
  return new DatabricksTarget(workspaceUrl, endpoint, settings, auth, check);
}

export const create: ProviderFactory = async (rest, options): Promise<Provider> => {
  const colon = rest.indexOf(':');
  const head = colon === -1 ? rest : rest.slice(0, colon);
  const isKind = colon !== -1 && Object.hasOwn(kinds, head);
  const Kind = isKind ? kinds[head as keyof typeof kinds] : DatabricksChatProvider;
  const endpoint = isKind ? rest.slice(colon + 1) : rest;
  if (!endpoint || endpoint.includes('/') || endpoint.includes(':')) {
    throw new ConfigError(
      `Provider "${options.id}" does not name a serving endpoint. Write it as databricks:<endpoint>, e.g. databricks:databricks-meta-llama-3-3-70b-instruct (or databricks:embedding:<endpoint>, databricks:completion:<endpoint>).`,
      {},
      'PROVIDER_CONFIG',
    );
  }
  return new Kind(await resolveTarget(endpoint, options), options);
};
