// Error bodies are cut to a short snippet for messages. A credential the server echoes right at
// the cut must be removed before the cut, not after: otherwise all but its last characters leak.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers, httpJson, httpStream } from '../../src/providers/transport/index.js';
import { createProvider } from '../../src/providers/registry.js';
import { proxySettings } from '../../src/providers/transport/proxy.js';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerSecret, scrubText } from '../../src/redaction/secret-registry.js';
import { tempDir } from '../support/cli.js';

// Header names nobody would guess; nothing about them says "secret".
const GATE = 'QZXW-ga7e-9911-kkpp-0042';
const WS_TICKET = 'TKT7-rr41-ooq2-9zz8-5151';

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req, res) => {
    const echoed = String(req.headers['x-gate-pass'] ?? req.headers['x-ticket-number'] ?? '');
    // The echoed value starts at character 290, so a 300-character snippet would cut it after 10.
    const body = `${'a'.repeat(289)} ${echoed} ${'b'.repeat(2_000)}`;
    res.writeHead(req.url?.startsWith('/json') ? 200 : 500, {
      'content-type': req.url?.startsWith('/json') ? 'application/json' : 'text/plain',
    });
    res.end(req.url?.startsWith('/json') ? `not json ${'c'.repeat(183)}${echoed}` : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await closeDispatchers();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a failure');
}

describe('error snippets', () => {
  it('HTTP: a header value echoed across the 300-character cut leaves no prefix behind', async () => {
    const message = await errorOf(
      httpJson({ url: `http://127.0.0.1:${port}/v1/chat`, headers: { 'X-Gate-Pass': GATE }, body: {} }, {}),
    );
    expect(message).toMatch(/HTTP 500/);
    expect(message).not.toContain(GATE.slice(0, 4));
  });

  it('HTTP: the same holds for a 2xx body that is not JSON (200-character cut)', async () => {
    const message = await errorOf(
      httpJson({ url: `http://127.0.0.1:${port}/json`, headers: { 'X-Gate-Pass': GATE }, body: {} }, {}),
    );
    expect(message).toMatch(/not JSON/);
    expect(message).not.toContain(GATE.slice(0, 4));
  });

  it('HTTP streams: an error reply to a stream request is scrubbed before the cut too', async () => {
    const message = await errorOf(
      httpStream({ url: `http://127.0.0.1:${port}/v1/chat`, headers: { 'X-Gate-Pass': GATE }, body: {} }, {}),
    );
    expect(message).not.toContain(GATE.slice(0, 4));
  });

  it('WebSocket: a rejected handshake echoing a header value across the cut leaves no prefix behind', async () => {
    const provider = await createProvider({
      id: `ws://127.0.0.1:${port}/socket`,
      config: { messageTemplate: '{{ prompt }}', headers: { 'X-Ticket-Number': WS_TICKET }, maxRetries: 0 },
      env: {},
      basePath: process.cwd(),
    });
    const result = await provider.call('hi', { vars: {}, prompt: { raw: 'hi', label: 'hi' }, repeatIndex: 0 });
    expect(result.error).toMatch(/HTTP 500/);
    expect(result.error).not.toContain(WS_TICKET.slice(0, 4));
    await provider.close?.();
  });
});

describe('error text cut by providers that are not HTTP', () => {
  it('exec: a known secret a failing command writes to stderr across the 500-character cut leaves no prefix behind', async () => {
    const key = 'EXEC-k3y-5521-mmqq-0777-zzzz';
    registerSecret(key);
    const dir = tempDir();
    // The key starts at character 481 of stderr; shown stderr is cut at 497.
    writeFileSync(
      join(dir, 'fail.mjs'),
      `process.stderr.write(${JSON.stringify('e'.repeat(480))} + " " + ${JSON.stringify(key)} + " tail");\nprocess.exit(2);\n`,
    );
    chmodSync(join(dir, 'fail.mjs'), 0o644);
    const provider = await createProvider({
      id: `exec: ${process.execPath} fail.mjs`,
      config: {},
      env: {},
      basePath: dir,
    });
    const result = await provider.call('hi', { vars: {}, prompt: { raw: 'hi', label: 'hi' }, repeatIndex: 0 });
    expect(result.error).toMatch(/exited with code 2/);
    expect(result.error).not.toContain(key.slice(0, 6));
  });
});

describe('secrets obtained during the run', () => {
  it('an OAuth token handed out by an auth hook is scrubbed from its error and from everything written later', async () => {
    const token = 'oauth-minted-at-runtime-7788';
    const auth = { headers: async () => ({ authorization: `Bearer ${token}`, 'x-gate-pass': token }) };
    const message = await errorOf(httpJson({ url: `http://127.0.0.1:${port}/v1/chat`, body: {} }, { auth }));
    expect(message).not.toContain(token.slice(0, 6));
    expect(scrubText(`a later reply quoting ${token}`)).toBe('a later reply quoting [REDACTED]');
  });

  it('a proxy password from HTTPS_PROXY is known as a secret', () => {
    proxySettings({ HTTPS_PROXY: 'http://alice:proxy-pass-5150@127.0.0.1:3128' });
    expect(scrubText('proxy said: 407 for alice:proxy-pass-5150')).toBe('proxy said: 407 for alice:[REDACTED]');
  });
});
