// A server that rejects the handshake may echo the credential it got; the error must not.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, contextWith } from './helpers.js';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(401, { 'content-type': 'text/plain' });
    res.end(`rejected credentials: ${req.headers.authorization ?? ''} / ${req.headers['x-api-key'] ?? ''}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('websocket handshake errors', () => {
  it('keep the server message but not the Authorization or API key header values it echoes', async () => {
    const provider = await build(`${base}/chat`, {
      messageTemplate: '{{ prompt }}',
      headers: { Authorization: 'Bearer ws-bearer-secret-123', 'X-Api-Key': 'ws-api-key-secret-456' },
      maxRetries: 0,
    });
    const result = await provider.call('hi', contextWith());
    expect(result.error).toMatch(/HTTP 401.*rejected credentials/);
    expect(result.error).not.toContain('ws-bearer-secret-123');
    expect(result.error).not.toContain('ws-api-key-secret-456');
  });
});
