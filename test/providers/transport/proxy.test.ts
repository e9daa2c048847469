import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDispatchers, httpJson } from '../../../src/providers/transport/index.js';
import { startProxy, type TestProxy } from '../../support/connect-proxy.js';
import { startOpenAiServer, type TestServer } from '../../support/openai-server.js';

let server: TestServer;
let proxy: TestProxy;
beforeEach(async () => {
  server = await startOpenAiServer();
  proxy = await startProxy();
});
afterEach(async () => {
  await closeDispatchers();
  await Promise.all([server.close(), proxy.close()]);
});
afterAll(() => closeDispatchers());

describe('proxy support', () => {
  it('routes requests through HTTP_PROXY', async () => {
    const url = `http://api.assay-test.invalid:${server.port}/v1/chat/completions`;
    const result = await httpJson(
      { url, body: { messages: [{ role: 'user', content: 'via proxy' }] } },
      { env: { HTTP_PROXY: proxy.url } },
    );
    expect(result.status).toBe(200);
    expect(proxy.targets).toEqual([`api.assay-test.invalid:${server.port}`]);
    expect(server.requests).toHaveLength(1);
  });

  it('sends loopback requests direct even when a proxy is set', async () => {
    const result = await httpJson(
      { url: `${server.baseUrl}/chat/completions`, body: { messages: [] } },
      { env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } },
    );
    expect(result.status).toBe(200);
    expect(proxy.targets).toEqual([]);
  });

  it('honours NO_PROXY for other hosts', async () => {
    const url = `http://api.assay-test.invalid:${server.port}/v1/chat/completions`;
    const outcome = httpJson({ url, body: {} }, { env: { HTTP_PROXY: proxy.url, NO_PROXY: '.assay-test.invalid' } });
    // Bypassing the proxy means resolving the (unresolvable) host directly.
    await expect(outcome).rejects.toThrow(/Could not reach api\.assay-test\.invalid/);
    expect(proxy.targets).toEqual([]);
  });
});
