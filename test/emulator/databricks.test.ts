// Databricks Model Serving emulator: PAT and OAuth M2M auth, invocations per task, endpoint
// descriptions, guardrails, errors in Databricks' envelope, SSE and request recording.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../src/emulator/index.js';
import { get, post, sseData, type Json } from './helpers.js';

let now = 1_700_000_000_000;
let emu: RunningEmulators;
let env: Record<string, string>;
const invoke = (name: string) => `${env.DATABRICKS_HOST}/serving-endpoints/${name}/invocations`;

beforeAll(async () => {
  emu = await startEmulators({ now: () => now, databricks: { tokenTtlSeconds: 60 } });
  env = emu.env();
});
afterAll(() => emu.close());
beforeEach(() => emu.databricks.reset());

async function issueToken(id = env.DATABRICKS_CLIENT_ID!, secret = env.DATABRICKS_CLIENT_SECRET!) {
  const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
  const res = await fetch(`${env.DATABRICKS_HOST}/oidc/v1/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=all-apis',
  });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('Databricks emulator', () => {
  it('answers a chat invocation with a PAT, reflecting the prompt, with served-model-name', async () => {
    const r = await post(
      invoke('databricks-meta-llama-3-3-70b-instruct'),
      {
        messages: [{ role: 'user', content: 'What is a mixture of experts model?' }],
        max_tokens: 100,
        usage_context: { project: 'assay' },
      },
      env.DATABRICKS_TOKEN,
    );
    expect(r.status).toBe(200);
    const body = r.json as Json;
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0].message.content).toContain('mixture of experts');
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    expect(r.headers.get('served-model-name')).toBeTruthy();
    expect(emu.databricks.requests[0]!.credential.kind).toBe('pat');
    expect((emu.databricks.requests[0]!.body as Json).usage_context).toEqual({ project: 'assay' });
    expect(JSON.stringify(emu.databricks.requests[0]!.headers)).not.toContain(env.DATABRICKS_TOKEN);
  });

  it('serves embeddings and completions bodies and the OpenAI-compatible routes', async () => {
    const emb = await post(
      invoke('databricks-gte-large-en'),
      { input: ['hello world', 'goodbye'] },
      env.DATABRICKS_TOKEN,
    );
    expect(emb.status).toBe(200);
    expect((emb.json as Json).data).toHaveLength(2);
    expect((emb.json as Json).data[0].embedding).toHaveLength(1024);
    const cmp = await post(invoke('databricks-mpt-7b-instruct'), { prompt: 'Once upon a time' }, env.DATABRICKS_TOKEN);
    expect((cmp.json as Json).object).toBe('text_completion');
    const compat = await post(
      `${env.DATABRICKS_HOST}/serving-endpoints/chat/completions`,
      { model: 'databricks-dbrx-instruct', messages: [{ role: 'user', content: 'hi there' }] },
      env.DATABRICKS_TOKEN,
    );
    expect((compat.json as Json).model).toBe('databricks-dbrx-instruct');
  });

  it('rejects a body for the wrong task and OpenAI-only fields with the real unknown-field error', async () => {
    const r = await post(invoke('databricks-meta-llama-3-3-70b-instruct'), { input: 'x' }, env.DATABRICKS_TOKEN);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error_code: 'BAD_REQUEST', message: 'Bad request: json: unknown field "input"' });
    const so = await post(
      invoke('databricks-meta-llama-3-3-70b-instruct'),
      { messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } },
      env.DATABRICKS_TOKEN,
    );
    expect((so.json as Json).message).toContain('stream_options');
  });

  it('describes endpoints: pay-per-token, provisioned, external and AI Gateway config', async () => {
    const ppt = (
      await get(`${env.DATABRICKS_HOST}/serving-endpoints/databricks-meta-llama-3-3-70b-instruct`, env.DATABRICKS_TOKEN)
    ).json as Json;
    expect(ppt.endpoint_type).toBe('FOUNDATION_MODEL_API');
    expect(ppt.config.served_entities[0].foundation_model).toBeDefined();
    const prov = (await get(`${env.DATABRICKS_HOST}/serving-endpoints/my-custom-endpoint`, env.DATABRICKS_TOKEN))
      .json as Json;
    expect(prov.config.served_entities[0].max_provisioned_throughput).toBeGreaterThan(0);
    const ext = (await get(`${env.DATABRICKS_HOST}/api/2.0/serving-endpoints/my-openai-endpoint`, env.DATABRICKS_TOKEN))
      .json as Json;
    expect(ext.endpoint_type).toBe('EXTERNAL_MODEL');
    const guarded = (await get(`${env.DATABRICKS_HOST}/serving-endpoints/assay-guarded-endpoint`, env.DATABRICKS_TOKEN))
      .json as Json;
    expect(guarded.ai_gateway.guardrails.input.pii.behavior).toBe('BLOCK');
    expect(guarded.ai_gateway.usage_tracking_config.enabled).toBe(true);
    expect(guarded.ai_gateway.rate_limits[0].calls).toBeGreaterThan(0);
  });

  it('answers unknown endpoints with 404 RESOURCE_DOES_NOT_EXIST', async () => {
    const r = await post(
      invoke('no-such-endpoint'),
      { messages: [{ role: 'user', content: 'x' }] },
      env.DATABRICKS_TOKEN,
    );
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: "Endpoint with name 'no-such-endpoint' does not exist.",
    });
    expect((r.json as Json).details[0]['@type']).toContain('RequestInfo');
  });

  it('rejects missing and unknown credentials with 401 {error_code, message}', async () => {
    const none = await post(invoke('databricks-dbrx-instruct'), { messages: [{ role: 'user', content: 'x' }] });
    expect(none.status).toBe(401);
    expect((none.json as Json).message).toContain('Credential was not sent');
    const bad = await post(
      invoke('databricks-dbrx-instruct'),
      { messages: [{ role: 'user', content: 'x' }] },
      'dapi-wrong',
    );
    expect(bad.status).toBe(401);
    expect(bad.json).toMatchObject({ error_code: 'UNAUTHENTICATED' });
  });

  it('issues OAuth M2M tokens that work until they expire', async () => {
    const discovery = (await get(`${env.DATABRICKS_HOST}/oidc/.well-known/oauth-authorization-server`)).json as Json;
    expect(discovery.token_endpoint).toBe(`${env.DATABRICKS_HOST}/oidc/v1/token`);
    const t = await issueToken();
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ token_type: 'Bearer', expires_in: 60, scope: 'all-apis' });
    const ok = await post(
      invoke('databricks-dbrx-instruct'),
      { messages: [{ role: 'user', content: 'hi' }] },
      t.body.access_token,
    );
    expect(ok.status).toBe(200);
    expect(emu.databricks.requests.at(-1)!.credential.kind).toBe('oauth');
    now += 61_000;
    const expired = await post(
      invoke('databricks-dbrx-instruct'),
      { messages: [{ role: 'user', content: 'hi' }] },
      t.body.access_token,
    );
    expect(expired.status).toBe(401);
    expect((expired.json as Json).message).toMatch(/expired/);
    const fresh = await issueToken();
    emu.databricks.expireTokens();
    expect(
      (
        await post(
          invoke('databricks-dbrx-instruct'),
          { messages: [{ role: 'user', content: 'hi' }] },
          fresh.body.access_token,
        )
      ).status,
    ).toBe(401);
  });

  it('accepts client credentials as form fields and rejects a wrong secret with invalid_client', async () => {
    const form = await fetch(`${env.DATABRICKS_HOST}/oidc/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'all-apis',
        client_id: env.DATABRICKS_CLIENT_ID!,
        client_secret: env.DATABRICKS_CLIENT_SECRET!,
      }).toString(),
    });
    expect(form.status).toBe(200);
    expect(JSON.stringify(emu.databricks.requests.at(-1)!.body)).not.toContain(env.DATABRICKS_CLIENT_SECRET);
    const bad = await issueToken(env.DATABRICKS_CLIENT_ID, 'wrong-secret');
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: 'invalid_client' });
  });

  it('blocks guarded inputs (PII, invalid keywords) and lets clean ones through', async () => {
    const pii = await post(
      invoke('assay-guarded-endpoint'),
      { messages: [{ role: 'user', content: 'My SSN is 123-45-6789' }] },
      env.DATABRICKS_TOKEN,
    );
    expect(pii.status).toBe(400);
    expect(pii.json).toMatchObject({ error_code: 'BAD_REQUEST' });
    expect((pii.json as Json).message).toMatch(/guardrail.*PII/i);
    const kw = await post(
      invoke('assay-guarded-endpoint'),
      { messages: [{ role: 'user', content: 'Tell me about SuperSecretProject' }] },
      env.DATABRICKS_TOKEN,
    );
    expect((kw.json as Json).message).toMatch(/invalid keyword/);
    const clean = await post(
      invoke('assay-guarded-endpoint'),
      { messages: [{ role: 'user', content: 'Summarise the weather' }] },
      env.DATABRICKS_TOKEN,
    );
    expect(clean.status).toBe(200);
  });

  it('masks PII when an endpoint is configured to MASK', async () => {
    const masked = await startEmulators({
      databricks: {
        endpoints: [
          {
            name: 'masked',
            task: 'chat',
            servingType: 'provisioned',
            aiGateway: { guardrails: { input: { pii: 'MASK' } } },
          },
        ],
      },
    });
    try {
      const e = masked.env();
      const r = await post(
        `${e.DATABRICKS_HOST}/serving-endpoints/masked/invocations`,
        { messages: [{ role: 'user', content: 'Email me at jane@example.com' }] },
        e.DATABRICKS_TOKEN,
      );
      const text = (r.json as Json).choices[0].message.content as string;
      expect(text).toContain('[REDACTED]');
      expect(text).not.toContain('jane@example.com');
    } finally {
      await masked.close();
    }
  });

  it('answers 429 REQUEST_LIMIT_EXCEEDED with Retry-After past the configured rpm', async () => {
    emu.databricks.setKnobs({ rpm: 2 });
    try {
      const body = { messages: [{ role: 'user', content: 'hi' }] };
      expect((await post(invoke('databricks-dbrx-instruct'), body, env.DATABRICKS_TOKEN)).status).toBe(200);
      expect((await post(invoke('databricks-dbrx-instruct'), body, env.DATABRICKS_TOKEN)).status).toBe(200);
      const limited = await post(invoke('databricks-dbrx-instruct'), body, env.DATABRICKS_TOKEN);
      expect(limited.status).toBe(429);
      expect(limited.json).toMatchObject({ error_code: 'REQUEST_LIMIT_EXCEEDED' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      emu.databricks.setKnobs({ rpm: 0 });
    }
  });

  it('streams chat.completion.chunk events ending in [DONE] when stream is true', async () => {
    const r = await post(
      invoke('databricks-meta-llama-3-3-70b-instruct'),
      { messages: [{ role: 'user', content: 'Write about rivers' }], stream: true },
      env.DATABRICKS_TOKEN,
      { accept: 'text/event-stream' },
    );
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    const events = sseData(r.text);
    expect(events.at(-1)).toBe('[DONE]');
    const text = events
      .slice(0, -1)
      .map((e) => (JSON.parse(e) as Json).choices[0].delta.content ?? '')
      .join('');
    expect(text).toContain('rivers');
  });

  it('answers invalid JSON with a 400 in the Databricks envelope', async () => {
    const r = await post(invoke('databricks-dbrx-instruct'), '{not json', env.DATABRICKS_TOKEN);
    expect(r.status).toBe(400);
    expect((r.json as Json).error_code).toBeTruthy();
  });
});
