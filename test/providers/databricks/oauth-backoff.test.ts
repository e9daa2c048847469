// Defect 13: the OAuth token fetch uses the provider's timeout, and after a failed fetch the cells
// waiting for a token fail at once with the token endpoint's error instead of each starting a new
// fetch and waiting out another timeout.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/index.js';
import { clearTokenCache, FAILED_FETCH_BACKOFF_MS, OAuthTokenSource } from '../../../src/providers/databricks/oauth.js';
import { closeDispatchers } from '../../../src/providers/transport/index.js';

const CLIENT_SECRET = 'dose-backoff-client-secret-0123456789';

/** A token endpoint that answers as `behaviour` says and counts what it was asked. */
let behaviour: (res: ServerResponse) => void = () => {};
let tokenRequests = 0;
let url = '';
const held: ServerResponse[] = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  req.resume();
  if (req.url === '/oidc/v1/token') tokenRequests++;
  behaviour(res);
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterEach(() => {
  tokenRequests = 0;
  clearTokenCache();
  for (const res of held.splice(0)) res.destroy();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await closeDispatchers();
});

function suite(timeoutMs: number) {
  return {
    prompts: ['Question {{ n }}'],
    providers: [
      {
        id: 'databricks:my-endpoint',
        config: {
          workspaceUrl: url,
          authType: 'service_principal_oauth',
          clientId: 'sp-backoff',
          clientSecret: CLIENT_SECRET,
          timeoutMs,
        },
      },
    ],
    tests: Array.from({ length: 12 }, (_, i) => ({ vars: { n: String(i) } })),
  };
}

describe('Databricks OAuth token failures', () => {
  it('a token endpoint that never answers costs one provider timeout, not one per batch of cells', async () => {
    behaviour = (res) => held.push(res);
    const result = await evaluate(suite(300), { cache: false, maxConcurrency: 4 });
    expect(tokenRequests).toBe(1);
    const errors = result.results.map((r) => r.error ?? '');
    expect(errors).toHaveLength(12);
    for (const error of errors) {
      expect(error).toMatch(
        /^Databricks OAuth token request to 127\.0\.0\.1:\d+\/oidc\/v1\/token got no answer within 300 ms\./,
      );
      expect(error).toContain(`fail at once for the next ${FAILED_FETCH_BACKOFF_MS / 1000} s`);
      expect(error).not.toMatch(/raise timeoutMs/i);
      expect(error).not.toContain(CLIENT_SECRET);
    }
  });

  it('a failing token endpoint is asked once; queued cells get its error at once', async () => {
    behaviour = (res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'token service is restarting' }));
    };
    const result = await evaluate(suite(5_000), { cache: false, maxConcurrency: 4 });
    expect(tokenRequests).toBe(1);
    for (const r of result.results)
      expect(r.error).toMatch(/temporarily_unavailable \(token service is restarting\) \[HTTP 503 from/);
  });

  it('tries again once the back-off period is over', async () => {
    let now = 1_000_000;
    behaviour = (res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":"temporarily_unavailable"}');
    };
    const source = new OAuthTokenSource(
      { workspaceUrl: url, clientId: 'sp', clientSecret: CLIENT_SECRET },
      { now: () => now },
    );
    await expect(source.token()).rejects.toThrow(/temporarily_unavailable/);
    now += FAILED_FETCH_BACKOFF_MS - 1;
    await expect(source.token()).rejects.toThrow(/temporarily_unavailable/);
    expect(tokenRequests).toBe(1);
    behaviour = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"access_token":"fresh-token","expires_in":3600}');
    };
    now += 1;
    expect(await source.token()).toBe('fresh-token');
    expect(tokenRequests).toBe(2);
  });
});
