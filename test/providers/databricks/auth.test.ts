import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS, startEmulators, type RunningEmulators } from '../../../src/emulator/index.js';
import { clearTokenCache } from '../../../src/providers/databricks/index.js';
import { closeDispatchers } from '../../../src/providers/transport/index.js';
import { BLANK_ENV, build, contextWith, oauthEnv, patEnv, requestsTo } from './helpers.js';

let emu: RunningEmulators;
let dir: string;
beforeAll(async () => {
  emu = await startEmulators();
  dir = mkdtempSync(join(tmpdir(), 'assay-dbx-auth-'));
});
beforeEach(() => {
  emu.databricks.reset();
  emu.databricks.setTokenTtl(3600);
  clearTokenCache();
});
afterAll(async () => {
  await emu.close();
  await closeDispatchers();
});

const ENDPOINT = 'databricks-meta-llama-3-3-70b-instruct';
const INVOKE = `/serving-endpoints/${ENDPOINT}/invocations`;
const TOKEN_PATH = '/oidc/v1/token';

describe('workspace URL', () => {
  it('comes from config, then DATABRICKS_WORKSPACE_URL, then DATABRICKS_HOST, and is normalised', async () => {
    const host = new URL(emu.databricks.url).host;
    const env = patEnv(emu);
    const fromConfig = await build(
      `databricks:${ENDPOINT}`,
      { workspaceUrl: `${emu.databricks.url}//` },
      { ...env, DATABRICKS_WORKSPACE_URL: 'https://wrong.example.invalid' },
    );
    expect((await fromConfig.call('hi', contextWith())).error).toBeUndefined();
    const fromHost = await build(
      `databricks:${ENDPOINT}`,
      {},
      { ...env, DATABRICKS_WORKSPACE_URL: '', DATABRICKS_HOST: emu.databricks.url },
    );
    expect((await fromHost.call('hi', contextWith())).error).toBeUndefined();
    const bare = await build(`databricks:${ENDPOINT}`, { workspaceUrl: 'adb-123.4.azuredatabricks.net/' }, env);
    expect(bare.rateLimitKey!()).toBe(`databricks:adb-123.4.azuredatabricks.net:${ENDPOINT}`);
    expect(fromHost.rateLimitKey!()).toBe(`databricks:${host}:${ENDPOINT}`);
  });

  it('is required: a missing URL is a config error naming the option and env vars', async () => {
    const env = { ...patEnv(emu), DATABRICKS_WORKSPACE_URL: '' };
    await expect(build(`databricks:${ENDPOINT}`, {}, env)).rejects.toThrow(
      /workspace URL is required.*config\.workspaceUrl.*DATABRICKS_WORKSPACE_URL/,
    );
  });

  it('an empty provider env value hides the process env; config.workspaceUrl still wins', async () => {
    const saved = process.env.DATABRICKS_WORKSPACE_URL;
    process.env.DATABRICKS_WORKSPACE_URL = 'https://ambient.example.invalid';
    try {
      const env = { ...patEnv(emu), DATABRICKS_WORKSPACE_URL: '' };
      await expect(build(`databricks:${ENDPOINT}`, {}, env)).rejects.toThrow(/required/);
      const provider = await build(`databricks:${ENDPOINT}`, { workspaceUrl: emu.databricks.url }, env);
      expect((await provider.call('hi', contextWith())).error).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.DATABRICKS_WORKSPACE_URL;
      else process.env.DATABRICKS_WORKSPACE_URL = saved;
    }
  });
});

describe('personal access tokens', () => {
  it('are read from DATABRICKS_TOKEN, config.apiKey or a custom apiKeyEnvar', async () => {
    const env = patEnv(emu);
    expect((await (await build(`databricks:${ENDPOINT}`, {}, env)).call('hi', contextWith())).error).toBeUndefined();
    const custom = await build(
      `databricks:${ENDPOINT}`,
      { apiKeyEnvar: 'MY_DBX_TOKEN' },
      { ...env, DATABRICKS_TOKEN: '', MY_DBX_TOKEN: env.DATABRICKS_TOKEN },
    );
    expect((await custom.call('hi', contextWith())).error).toBeUndefined();
    const fromConfig = await build(
      `databricks:${ENDPOINT}`,
      { apiKey: env.DATABRICKS_TOKEN },
      { ...env, DATABRICKS_TOKEN: '' },
    );
    expect((await fromConfig.call('hi', contextWith())).error).toBeUndefined();
    expect(requestsTo(emu, INVOKE).map((r) => r.credential.kind)).toEqual(['pat', 'pat', 'pat']);
  });

  it('missing credentials fail at build time, naming what to set', async () => {
    const env = { ...BLANK_ENV, DATABRICKS_WORKSPACE_URL: emu.databricks.url };
    await expect(build(`databricks:${ENDPOINT}`, {}, env)).rejects.toThrow(
      /credentials are not set.*DATABRICKS_TOKEN.*DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET/,
    );
    await expect(
      build(`databricks:${ENDPOINT}`, { authType: 'service_principal_oauth' }, { ...env, DATABRICKS_CLIENT_ID: 'abc' }),
    ).rejects.toThrow(/missing DATABRICKS_CLIENT_SECRET/);
    await expect(
      build(
        `databricks:${ENDPOINT}`,
        { authType: 'pat' },
        { ...env, DATABRICKS_CLIENT_ID: 'a', DATABRICKS_CLIENT_SECRET: 'b' },
      ),
    ).rejects.toThrow(/authType is pat but no token/);
  });

  it('come from a ~/.databrickscfg profile (DEFAULT, or named), host included', async () => {
    const file = join(dir, 'databrickscfg');
    const c = EMULATOR_CREDENTIALS;
    writeFileSync(
      file,
      [
        '; written by the test',
        '[DEFAULT]',
        `host = ${emu.databricks.url}`,
        `token = ${c.databricksToken}`,
        '',
        '[service-principal]',
        `host = ${emu.databricks.url}`,
        `client_id = ${c.databricksClientId}`,
        `client_secret = ${c.databricksClientSecret}`,
      ].join('\n'),
    );
    const env = { ...BLANK_ENV, DATABRICKS_CONFIG_FILE: file };
    const byDefault = await build(`databricks:${ENDPOINT}`, {}, env);
    expect((await byDefault.call('hi', contextWith())).error).toBeUndefined();
    const named = await build(`databricks:${ENDPOINT}`, { profile: 'service-principal' }, env);
    expect((await named.call('hi', contextWith())).error).toBeUndefined();
    const byEnv = await build(`databricks:${ENDPOINT}`, {}, { ...env, DATABRICKS_CONFIG_PROFILE: 'service-principal' });
    expect((await byEnv.call('hi', contextWith())).error).toBeUndefined();
    expect(requestsTo(emu, INVOKE).map((r) => r.credential.kind)).toEqual(['pat', 'oauth', 'oauth']);
    expect(requestsTo(emu, TOKEN_PATH)).toHaveLength(1);
    await expect(build(`databricks:${ENDPOINT}`, { profile: 'staging' }, env)).rejects.toThrow(
      /profile "staging" is not in .*profiles there: DEFAULT, service-principal/,
    );
  });
});

describe('service principal OAuth (M2M)', () => {
  it('fetches one token for 20 concurrent calls and uses it on every call', async () => {
    const provider = await build(`databricks:${ENDPOINT}`, {}, oauthEnv(emu));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => provider.call(`question ${i}`, contextWith())),
    );
    expect(results.filter((r) => r.error)).toEqual([]);
    const tokenRequests = requestsTo(emu, TOKEN_PATH);
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.credential.scheme).toBe('basic');
    expect(tokenRequests[0]!.body).toMatchObject({ grant_type: 'client_credentials', scope: 'all-apis' });
    expect(requestsTo(emu, INVOKE).map((r) => r.credential.kind)).toEqual(Array(20).fill('oauth'));
  });

  it('shares the token between providers of the same workspace and client', async () => {
    const env = oauthEnv(emu);
    const a = await build(`databricks:${ENDPOINT}`, { authType: 'service_principal_oauth' }, env);
    const b = await build('databricks:embedding:databricks-gte-large-en', {}, env);
    expect((await a.call('hi', contextWith())).error).toBeUndefined();
    expect((await b.embed!('hi')).error).toBeUndefined();
    expect(requestsTo(emu, TOKEN_PATH)).toHaveLength(1);
  });

  it('refreshes once and retries when the server says the token expired (401)', async () => {
    const provider = await build(`databricks:${ENDPOINT}`, {}, oauthEnv(emu));
    expect((await provider.call('first', contextWith())).error).toBeUndefined();
    emu.databricks.expireTokens();
    const results = await Promise.all(Array.from({ length: 5 }, () => provider.call('after expiry', contextWith())));
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(requestsTo(emu, TOKEN_PATH)).toHaveLength(2);
    const statuses = requestsTo(emu, INVOKE).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
  });

  it('reports a bad client secret clearly, without the secret anywhere', async () => {
    const secret = 'dose-not-work-s3cr3t/value';
    const env = { ...oauthEnv(emu), DATABRICKS_CLIENT_SECRET: secret };
    const provider = await build(`databricks:${ENDPOINT}`, { isPayPerToken: true }, env);
    const results = await Promise.all([provider.call('hi', contextWith()), provider.call('hi again', contextWith())]);
    for (const result of results) {
      expect(result.error).toMatch(/^Databricks OAuth token request failed: invalid_client/);
      expect(result.error).toContain('DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET');
      expect(JSON.stringify(result)).not.toContain(secret);
      expect(JSON.stringify(result)).not.toContain(encodeURIComponent(secret));
    }
    expect((await provider.embed!('x')).error).toMatch(/invalid_client/);
    expect(JSON.stringify(emu.databricks.requests)).not.toContain(secret);
    expect(requestsTo(emu, INVOKE)).toHaveLength(0);
    // Permanent: the first refusal is remembered, not re-asked for every cell.
    expect(requestsTo(emu, TOKEN_PATH)).toHaveLength(1);
    expect(provider.id()).not.toContain(secret);
    expect(provider.rateLimitKey!()).not.toContain(secret);
  });
});
