// The viewer server's edge: DNS-rebinding (Host) and cross-origin (Origin) requests get 403, no
// CORS headers are ever sent, the app's page carries a CSP forbidding inline script, and static
// files come only from the app's build (no traversal, no server modules).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViewerServer } from '../../../src/viewer/server/server.js';
import { runCli, tempDir, writeFiles } from '../../support/cli.js';
import { rawGet, startServer } from './server-helpers.js';

let server: ViewerServer;
beforeAll(async () => {
  const home = tempDir();
  const dir = writeFiles({
    'promptfooconfig.yaml': "prompts: ['Hi {{n}}']\nproviders: [echo]\ntests:\n  - vars: { n: '1' }\n",
  });
  expect(
    (await runCli(['eval', '--no-table', '--no-progress-bar'], { cwd: dir, env: { ASSAY_HOME: home } })).code,
  ).toBe(0);
  server = await startServer(home);
});
afterAll(() => server?.close());

describe('Host and Origin', () => {
  it('refuses a Host that is not this server (DNS rebinding)', async () => {
    for (const host of [
      `evil.example:${server.port}`,
      'evil.example',
      `localhost.evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
    ]) {
      const res = await rawGet(server.port, '/api/evals', { host });
      expect(res.status, host).toBe(403);
      expect(res.body).toMatch(/^Forbidden/);
    }
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      expect((await rawGet(server.port, '/api/evals', { host })).status, host).toBe(200);
    }
  });

  it('refuses another Origin, and sends no CORS headers', async () => {
    const evil = await rawGet(server.port, '/api/evals', { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect((await rawGet(server.port, '/api/evals', { origin: 'null' })).status).toBe(403);
    const own = await rawGet(server.port, '/api/evals', { origin: `http://127.0.0.1:${server.port}` });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
    expect(own.headers['content-type']).toMatch(/^application\/json/);
    expect(own.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('static files', () => {
  it('serves the app page with a CSP that forbids inline script', async () => {
    const page = await rawGet(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = await rawGet(server.port, '/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await rawGet(server.port, '/app.css')).headers['content-type']).toMatch(/^text\/css/);
  });

  it('refuses paths outside the build, dot-files and the server modules', async () => {
    for (const path of [
      '/../package.json',
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '/server/server.js',
      '/server/../server/server.js',
      '/app.js/../server/server.js',
      '/assets/%00.js',
      '/.env',
      '/assets/..\\..\\x.js',
    ]) {
      const res = await rawGet(server.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('root:');
    }
  });
});
