// A hostile server echoes every request header back, in the reply text, in response headers and
// in an error body longer than any snippet. No secret the process knows may reach any output.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from '../support/cli.js';

// The API key straddles the 300-character cut of the error snippet.
const API_KEY = 'sk-live-STRADDLE-0123456789abcdef';
const SECRETS = {
  apiKey: API_KEY,
  subscription: 'subkey-ocp-apim-4471aa',
  xAuth: 'xauth-literal-value-9081',
  // Quote and backslash: in a .json file it only appears JSON-escaped (twice, inside an output that is itself JSON).
  xSession: 'sess"ion\\val-778899',
  serviceKey: 'svc-key-from-env-31337',
  // A header name nobody would guess, with a value nothing about it says is secret.
  zebra: 'zebra-nobody-guesses-5521',
};

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw) as { messages: Array<{ content: string }> };
      const prompt = body.messages.at(-1)?.content ?? '';
      if (prompt.includes('fail')) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`${'x'.repeat(290)} ${req.headers.authorization} ${'y'.repeat(600)}`);
        return;
      }
      const content = JSON.stringify({ youSent: req.headers });
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-debug-authorization': String(req.headers.authorization),
        'x-echo-zebra': String(req.headers['x-zebra-tenant-code']),
      });
      res.end(
        JSON.stringify({
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function config(): string {
  return `
description: leak check
prompts: ['{{ ask }}']
providers:
  - id: openai:chat:gpt-test
    config:
      apiBaseUrl: ${baseUrl}
      maxRetries: 0
      headers:
        Ocp-Apim-Subscription-Key: '{{ env.SUBSCRIPTION_KEY }}'
        X-Auth: '${SECRETS.xAuth}'
        X-Session: '${SECRETS.xSession}'
        X-Service: '{{ env.MY_SERVICE_KEY }}'
        X-Zebra-Tenant-Code: '${SECRETS.zebra}'
tests:
  - vars: { ask: 'echo please' }
  - vars: { ask: 'now fail' }
`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

describe('secrets never reach any output', () => {
  it('are scrubbed by value from every file, the cache, the console and error text', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': config() });
    const cacheDir = join(tempDir(), 'cache');
    const outputs = ['out.json', 'out.jsonl', 'out.yaml', 'out.csv', 'out.html', 'out.xml'].map((f) => join(dir, f));
    const run = await runCli(['eval', '--no-progress-bar', '--no-table', '-o', ...outputs], {
      cwd: dir,
      env: {
        OPENAI_API_KEY: API_KEY,
        SUBSCRIPTION_KEY: SECRETS.subscription,
        MY_SERVICE_KEY: SECRETS.serviceKey,
        ASSAY_CACHE_PATH: cacheDir,
      },
    });
    const texts: Record<string, string> = { stdout: run.stdout, stderr: run.stderr };
    for (const path of [...outputs, ...filesUnder(cacheDir)]) texts[path] = readFileSync(path, 'utf8');
    expect(Object.keys(texts).length).toBeGreaterThan(8); // the cache was written too

    const json = JSON.parse(texts[outputs[0]!]!);
    const rows = json.results.results as Array<{
      response?: { output?: string; error?: string; metadata?: { http?: { headers?: Record<string, string> } } };
      error?: string;
    }>;
    const echoed = rows.find((r) => !r.error && !r.response?.error);
    const failed = rows.find((r) => r !== echoed);
    // The reply is kept, with the secrets cut out of it.
    expect(echoed!.response!.output).toContain('youSent');
    expect(echoed!.response!.output).toContain('[REDACTED]');
    expect(echoed!.response!.metadata!.http!.headers!['x-debug-authorization']).toBe('[REDACTED]');
    expect(JSON.stringify(failed)).toMatch(/HTTP 400/);

    for (const [where, text] of Object.entries(texts)) {
      for (const secret of Object.values(SECRETS)) {
        expect(text, `${where} holds ${secret}`).not.toContain(secret);
        expect(text, `${where} holds ${secret} JSON-escaped`).not.toContain(JSON.stringify(secret).slice(1, -1));
        // Whatever escaping a format applies (HTML turns the quote into &quot;), the tail would survive it.
        expect(text, `${where} holds the end of ${secret}`).not.toContain(secret.slice(-8));
      }
      // Not even the part of the key before the snippet's cut.
      expect(text, `${where} holds the start of the API key`).not.toContain(API_KEY.slice(0, 14));
    }
  });
});
