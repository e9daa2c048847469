import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../../src/emulator/index.js';
import { databricksErrorEnvelope, hintFor } from '../../../src/providers/databricks/index.js';
import { closeDispatchers } from '../../../src/providers/transport/index.js';
import { callThroughRunner } from '../../support/runner-call.js';
import { build, contextWith, patEnv, requestsTo } from './helpers.js';

// The emulator's clock runs with real time plus an offset, so a test can jump near the end of a
// rate-limit window without waiting a minute.
let offset = 0;
let emu: RunningEmulators;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulators({ now: () => Date.now() + offset });
  env = patEnv(emu);
});
beforeEach(() => {
  emu.databricks.reset();
  emu.databricks.setKnobs({ rpm: 0, faults: [] });
});
afterAll(async () => {
  await emu.close();
  await closeDispatchers();
});

const LLAMA = 'databricks-meta-llama-3-3-70b-instruct';
const INVOKE = `/serving-endpoints/${LLAMA}/invocations`;

describe('Databricks error messages', () => {
  it('404: names the status, error_code, message, request id and how to fix the endpoint name', async () => {
    const provider = await build('databricks:no-such-endpoint', {}, env);
    const { error } = await provider.call('hi', contextWith());
    expect(error).toMatch(
      /^Databricks API error: HTTP 404 Not Found from 127\.0\.0\.1:\d+\/serving-endpoints\/no-such-endpoint\/invocations \(endpoint "no-such-endpoint"\): RESOURCE_DOES_NOT_EXIST: Endpoint with name 'no-such-endpoint' does not exist\. \[request id: [0-9a-f-]{36}\]/,
    );
    expect(error).toContain(
      'check the endpoint name (pay-per-token names look like databricks-meta-llama-3-3-70b-instruct)',
    );
  });

  it('401: says which token to check, without the token', async () => {
    const badToken = 'dapi-not-a-real-token-0000';
    const provider = await build(`databricks:${LLAMA}`, { apiKey: badToken }, env);
    const result = await provider.call('hi', contextWith());
    expect(result.error).toContain('HTTP 401 Unauthorized');
    expect(result.error).toContain('UNAUTHENTICATED: Invalid access token.');
    expect(result.error).toContain('check that the personal access token in config.apiKey is valid');
    expect(result.error).toContain(`has permission to query endpoint "${LLAMA}"`);
    expect(JSON.stringify(result)).not.toContain(badToken);
  });

  it('401 with the token from DATABRICKS_TOKEN names the variable once', async () => {
    const provider = await build(`databricks:${LLAMA}`, {}, { ...env, DATABRICKS_TOKEN: 'dapi-not-a-real-token-0001' });
    const result = await provider.call('hi', contextWith());
    expect(result.error).toContain('check that the personal access token in DATABRICKS_TOKEN is valid');
    expect(result.error).not.toMatch(/DATABRICKS_TOKEN[^.]*DATABRICKS_TOKEN/);
  });

  it('429 on a pay-per-token endpoint: explains workspace rate limits and suggests provisioned throughput', async () => {
    emu.databricks.setKnobs({ rpm: 1 });
    const provider = await build(`databricks:${LLAMA}`, { isPayPerToken: true, maxRetries: 0 }, env);
    expect((await provider.call('one', contextWith())).error).toBeUndefined();
    const { error } = await provider.call('two', contextWith());
    expect(error).toContain('HTTP 429 Too Many Requests');
    expect(error).toContain('REQUEST_LIMIT_EXCEEDED');
    expect(error).toContain('Pay-per-token endpoints have workspace rate limits');
    expect(error).toContain('provisioned throughput endpoint');
  });

  it('429 with Retry-After: waits as asked and succeeds, with no error', async () => {
    emu.databricks.setKnobs({ rpm: 1 });
    const provider = await build(`databricks:${LLAMA}`, {}, env);
    expect((await provider.call('one', contextWith())).error).toBeUndefined();
    offset += 59_200; // the window frees in under a second: Retry-After: 1
    const result = await callThroughRunner(provider, 'two', contextWith());
    expect(result.error).toBeUndefined();
    expect(result.output).toContain('two');
    expect(requestsTo(emu, INVOKE).map((r) => r.status)).toEqual([200, 429, 200]);
  });

  it('token limit and permission hints', () => {
    const ctx = {
      endpoint: LLAMA,
      host: 'w.example',
      authKind: 'pat' as const,
      authSource: 'DATABRICKS_TOKEN',
      payPerToken: true,
      maxTokens: 9000,
    };
    expect(hintFor(400, 'max_tokens must be at most 4096 for this model', ctx)).toBe(
      "The request exceeds the model's token limit: lower max_tokens (now 9000) or shorten the prompt.",
    );
    expect(hintFor(400, 'Input is too long: the prompt exceeds the maximum context length', ctx)).toMatch(
      /token limit/,
    );
    expect(
      hintFor(
        403,
        'PERMISSION_DENIED: The endpoint is temporarily disabled due to a Databricks-set rate limit of 0.',
        ctx,
      ),
    ).toMatch(/CAN QUERY.*rate limit of 0 means the model is not enabled/);
    expect(hintFor(400, 'Bad request: json: unknown field "x"', ctx)).toBeUndefined();
    expect(hintFor(400, 'Bad request: json: unknown field "messages"', ctx)).toMatch(
      /does not take chat messages: .*databricks:embedding:<endpoint>/,
    );
    expect(
      databricksErrorEnvelope({ error_code: 'PERMISSION_DENIED', message: 'No', details: [{ request_id: 'r-1' }] }),
    ).toEqual({ code: 'PERMISSION_DENIED', message: 'No [request id: r-1]' });
    expect(databricksErrorEnvelope({ error: { message: 'proxied', type: 'rate_limit' } })).toMatchObject({
      message: 'proxied',
    });
  });
});

describe('faults end as an error or a successful retry, never a hang', () => {
  it('retries 503s and connection resets, then succeeds', async () => {
    emu.databricks.setKnobs({
      faults: [
        { kind: 'status', status: 503, count: 1 },
        { kind: 'reset', count: 1 },
      ],
    });
    const provider = await build(`databricks:${LLAMA}`, {}, env);
    const result = await callThroughRunner(provider, 'hello', contextWith());
    expect(result.error).toBeUndefined();
    expect(result.output).toContain('hello');
  });

  it('reports a 500 with its error code', async () => {
    emu.databricks.setKnobs({ faults: [{ kind: 'status', status: 500, count: 1 }] });
    const { error } = await (await build(`databricks:${LLAMA}`, {}, env)).call('hi', contextWith());
    expect(error).toMatch(/HTTP 500 Internal Server Error .*INTERNAL_ERROR: The service encountered an internal error/);
  });

  it('reports resets that persist', async () => {
    emu.databricks.setKnobs({ faults: [{ kind: 'reset', count: 5 }] });
    const { error } = await callThroughRunner(
      await build(`databricks:${LLAMA}`, { maxRetries: 1 }, env),
      'hi',
      contextWith(),
    );
    expect(error).toMatch(/^Databricks API error: Could not reach .*gave up after 2 attempts/);
  });

  it.each([
    ['malformed', false, /not JSON/],
    ['malformed', true, /not JSON/],
    ['truncate', false, /cut off before it finished.*incomplete/],
    ['truncate', true, /cut off before it finished.*incomplete/],
    ['stall-stream', true, /stalled/],
    ['stall', false, /timed out/],
  ] as const)('%s (stream: %s) ends as an error', async (kind, stream, message) => {
    emu.databricks.setKnobs({ faults: [{ kind, count: 10 }] });
    const provider = await build(
      `databricks:${LLAMA}`,
      { stream, maxRetries: 0, timeoutMs: 1_000, idleTimeoutMs: 300 },
      env,
    );
    const result = await provider.call('hi', contextWith());
    expect(result.error).toMatch(/^Databricks/);
    expect(result.error).toMatch(message);
  });
});
