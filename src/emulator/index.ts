// Starts the local emulators of the real LLM HTTP APIs (Databricks, Meta Llama, Cloudflare
// Workers AI, OpenAI), each on its own port, and gives the env vars that point clients at them.

import { createCloudflareApi } from './apis/cloudflare.js';
import { createDatabricksApi } from './apis/databricks.js';
import { TokenIssuer } from './apis/databricks-oauth.js';
import { createLlamaApi } from './apis/llama.js';
import { createOpenAiApi } from './apis/openai.js';
import { databricksEndpoints } from './known-models.js';
import { ApiServer, type ApiBehaviour } from './server/api-server.js';
import type { ApiName, EmulatorOptions, Knobs, RunningApi, RunningEmulators } from './types.js';

export type * from './types.js';
export { parseFaults } from './server/meter.js';

/** Credentials the emulators accept unless options say otherwise. Not secrets: test fixtures. */
export const EMULATOR_CREDENTIALS = {
  databricksToken: 'dapi-assay-emulator-pat-0001',
  databricksClientId: 'assay-emulator-client-id',
  databricksClientSecret: 'assay-emulator-client-secret',
  llamaApiKey: 'LLM|assay-emulator-key',
  cloudflareAccountId: 'assay-emulator-account',
  cloudflareApiToken: 'cf-assay-emulator-token',
  openaiApiKey: 'sk-assay-emulator-key',
} as const;

export async function startEmulators(options: EmulatorOptions = {}): Promise<RunningEmulators> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const c = EMULATOR_CREDENTIALS;
  const db = options.databricks ?? {};
  const pat = db.token ?? c.databricksToken;
  const clientId = db.clientId ?? c.databricksClientId;
  const clientSecret = db.clientSecret ?? c.databricksClientSecret;
  const issuer = new TokenIssuer(clientId, clientSecret, db.tokenTtlSeconds ?? 3600, now);
  const llamaKey = options.llama?.apiKey ?? c.llamaApiKey;
  const cfAccount = options.cloudflare?.accountId ?? c.cloudflareAccountId;
  const cfToken = options.cloudflare?.apiToken ?? c.cloudflareApiToken;
  const openaiKey = options.openai?.apiKey ?? c.openaiApiKey;

  const endpoints = new Map(databricksEndpoints.map((e) => [e.name, e]));
  for (const e of db.endpoints ?? []) endpoints.set(e.name, e);

  const behaviours: Record<ApiName, ApiBehaviour> = {
    databricks: createDatabricksApi({
      pat,
      issuer,
      authErrorCode: db.authErrorCode ?? 'UNAUTHENTICATED',
      endpoints: [...endpoints.values()],
      now,
    }),
    llama: createLlamaApi({ apiKey: llamaKey, requireSseAccept: options.llama?.requireSseAccept ?? true, now }),
    cloudflare: createCloudflareApi({
      accountIds: [cfAccount, ...(options.cloudflare?.extraAccountIds ?? ['your_account_id_here', 'your_account_id'])],
      apiToken: cfToken,
      dailyTokenQuota: options.cloudflare?.dailyTokenQuota,
    }),
    openai: createOpenAiApi({ apiKey: openaiKey }),
  };

  const started: RunningApi[] = [];
  const start = async (name: ApiName): Promise<RunningApi> => {
    const knobs: Knobs = { ...options.defaults, ...options.knobs?.[name] };
    const server = new ApiServer(behaviours[name], { host, port: options.ports?.[name] ?? 0, knobs, now });
    const running = await server.listen();
    started.push(running);
    return running;
  };

  try {
    const databricks = await start('databricks');
    const llama = await start('llama');
    const cloudflare = await start('cloudflare');
    const openai = await start('openai');
    return {
      databricks: {
        ...databricks,
        expireTokens: () => issuer.expireAll(),
        setTokenTtl: (s) => (issuer.ttlSeconds = s),
      },
      llama,
      cloudflare,
      openai,
      env: () => ({
        DATABRICKS_WORKSPACE_URL: databricks.url,
        DATABRICKS_HOST: databricks.url,
        DATABRICKS_TOKEN: pat,
        DATABRICKS_CLIENT_ID: clientId,
        DATABRICKS_CLIENT_SECRET: clientSecret,
        LLAMA_API_KEY: llamaKey,
        LLAMA_API_BASE_URL: `${llama.url}/compat/v1`,
        CLOUDFLARE_ACCOUNT_ID: cfAccount,
        CLOUDFLARE_API_KEY: cfToken,
        CLOUDFLARE_API_BASE_URL: `${cloudflare.url}/client/v4/accounts/${cfAccount}/ai/v1`,
        OPENAI_API_KEY: openaiKey,
        OPENAI_BASE_URL: `${openai.url}/v1`,
      }),
      close: async () => {
        await Promise.all(started.map((s) => s.close()));
      },
    };
  } catch (e) {
    await Promise.all(started.map((s) => s.close()));
    throw e;
  }
}
