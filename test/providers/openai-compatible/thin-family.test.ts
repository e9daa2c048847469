import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiChatProvider, type OpenAiFamily } from '../../../src/providers/openai-compatible/index.js';
import { closeDispatchers } from '../../../src/providers/transport/index.js';
import type { CallContext } from '../../../src/providers/types.js';
import { startOpenAiServer, type TestServer } from '../../support/openai-server.js';

// A stand-in for a thin family such as Databricks: fixed base URL, OAuth-style auth, own envelope.
const ACME: OpenAiFamily = {
  name: 'acme',
  displayName: 'Acme Serving',
  apiKeyEnvVar: 'ACME_TOKEN',
  errorEnvelope: (body) => {
    const b = body as { error_code?: string; message?: string };
    return b.error_code ? { code: b.error_code, message: b.message } : undefined;
  },
};

class AcmeProvider extends OpenAiChatProvider {
  protected override transformBody(body: Record<string, unknown>): Record<string, unknown> {
    return { ...body, usage_context: { team: 'evals' } };
  }
}

let server: TestServer;
beforeEach(async () => {
  server = await startOpenAiServer();
});
afterEach(() => server.close());
afterAll(() => closeDispatchers());

const context: CallContext = { vars: {}, prompt: { raw: '', label: 'p' }, repeatIndex: 0 };

describe('a thin OpenAI-compatible family', () => {
  it('uses its base URL, refreshes OAuth tokens on 401 and reads its own error envelope', async () => {
    let token = 'token-1';
    let refreshes = 0;
    const auth = {
      headers: async () => ({ authorization: `Bearer ${token}` }),
      onUnauthorized: async () => {
        refreshes++;
        token = `token-${refreshes + 1}`;
        return true;
      },
    };
    const baseUrl = `http://127.0.0.1:${server.port}/serving-endpoints`;
    const provider = new AcmeProvider(
      'my-endpoint',
      { id: 'acme:my-endpoint', config: { maxRetries: 0 }, env: {}, basePath: '.' },
      ACME,
      { baseUrl, auth },
    );

    server.enqueue({ kind: 'status', status: 401, body: { error_code: 'UNAUTHENTICATED', message: 'token expired' } });
    const ok = await provider.call('hello', context);
    expect(ok.output).toBe('echo: hello');
    expect(refreshes).toBe(1);
    expect(server.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/serving-endpoints/chat/completions', 'Bearer token-1'],
      ['/serving-endpoints/chat/completions', 'Bearer token-2'],
    ]);
    expect(server.requests[1]!.body).toMatchObject({ model: 'my-endpoint', usage_context: { team: 'evals' } });

    server.enqueue({
      kind: 'status',
      status: 404,
      headers: { 'x-request-id': 'dbx-42' },
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Endpoint my-endpoint does not exist' },
    });
    const missing = await provider.call('hello', context);
    expect(missing.error).toMatch(/^Acme Serving API error: HTTP 404/);
    expect(missing.error).toContain('RESOURCE_DOES_NOT_EXIST');
    expect(missing.error).toContain('Endpoint my-endpoint does not exist');
    expect(missing.error).toContain('dbx-42');
    expect(missing.error).not.toContain('token-2');
  });
});
