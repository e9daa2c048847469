// The generic http provider against the HTTP app emulator over loopback: JSON and string bodies,
// query parameters, transforms (expression, function, file://), streaming, status handling,
// retry of 429, timeouts and secret scrubbing.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpAppEmulator, type HttpAppEmulator } from '../../../src/emulator/http-app.js';
import { ConfigError } from '../../../src/errors.js';
import { createProvider } from '../../../src/providers/registry.js';
import type { CallContext, Provider } from '../../../src/providers/types.js';
import { callThroughRunner } from '../../support/runner-call.js';

let app: HttpAppEmulator;
beforeAll(async () => {
  app = await startHttpAppEmulator();
});
afterAll(async () => {
  await app.close();
});

function build(id: string, config: Record<string, unknown>, basePath = process.cwd()): Promise<Provider> {
  return createProvider({ id, config, env: {}, basePath });
}

function ctx(vars: Record<string, unknown> = {}): CallContext {
  return { vars, prompt: { raw: '', label: 'test' }, repeatIndex: 0 };
}

function lastRequest() {
  return app.received[app.received.length - 1]!;
}

describe('http provider: request building', () => {
  it('renders a JSON body object deeply with the prompt and vars, and sends application/json', async () => {
    const provider = await build(`${app.url}/echo`, {
      headers: { 'x-team': '{{ team }}' },
      body: { prompt: '{{ prompt }}', options: { model: '{{ model }}', tags: ['{{ team }}', 'fixed'] }, n: 2 },
      transformResponse: 'json.output',
    });
    const result = await provider.call('What is 2+2?', ctx({ model: 'm-1', team: 'blue' }));
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('Echo: What is 2+2?');
    const sent = lastRequest();
    expect(sent.method).toBe('POST');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['x-team']).toBe('blue');
    expect(JSON.parse(sent.body)).toEqual({
      prompt: 'What is 2+2?',
      options: { model: 'm-1', tags: ['blue', 'fixed'] },
      n: 2,
    });
  });

  it('keeps a prompt with quotes intact inside a JSON body (inserted as a value, not spliced into JSON text)', async () => {
    const provider = await build(`${app.url}/echo`, {
      body: { prompt: '{{prompt}}' },
      transformResponse: 'json.output',
    });
    const result = await provider.call('say "hi" {{ not a template }}', ctx());
    expect(result.output).toBe('Echo: say "hi" {{ not a template }}');
  });

  it('sends a string body rendered as text, text/plain unless a content type is given', async () => {
    const provider = await build(`${app.url}/text`, { body: 'Question: {{ prompt }} ({{ lang }})' });
    const result = await provider.call('hello', ctx({ lang: 'fr' }));
    expect(result.output).toBe('Echo: Question: hello (fr)');
    expect(lastRequest().headers['content-type']).toBe('text/plain');

    const json = await build(`${app.url}/echo`, {
      headers: { 'Content-Type': 'application/json' },
      body: '{"prompt": {{ prompt | dump }}}',
      transformResponse: 'json.output',
    });
    expect((await json.call('a "quoted" line', ctx())).output).toBe('Echo: a "quoted" line');
    expect(lastRequest().headers['content-type']).toBe('application/json');

    // A JSON string body is used as an object template (as promptfoo does): quotes in the prompt cannot break it.
    const jsonText = await build(`${app.url}/echo`, {
      headers: { 'content-type': 'application/json' },
      body: '{"prompt": "{{ prompt }}", "n": 1}',
      transformResponse: 'json.output',
    });
    expect((await jsonText.call('say "hi"', ctx())).output).toBe('Echo: say "hi"');
    expect(JSON.parse(lastRequest().body)).toEqual({ prompt: 'say "hi"', n: 1 });
  });

  it('GET with rendered queryParams and no body', async () => {
    const provider = await build('http', {
      url: `${app.url}/echo`,
      method: 'get',
      queryParams: { prompt: '{{ prompt }}', lang: '{{ lang }}' },
      transformResponse: 'json.output',
    });
    const result = await provider.call('x y&z', ctx({ lang: 'de' }));
    expect(result.output).toBe('Echo: x y&z');
    expect(lastRequest()).toMatchObject({ method: 'GET', body: '', query: { prompt: 'x y&z', lang: 'de' } });
  });

  it('defaults to POST with a body and GET without one', async () => {
    await (await build(`${app.url}/echo`, { body: { prompt: '{{prompt}}' } })).call('x', ctx());
    expect(lastRequest().method).toBe('POST');
    await (await build(`${app.url}/echo`, { queryParams: { prompt: '{{prompt}}' } })).call('x', ctx());
    expect(lastRequest().method).toBe('GET');
  });

  it('an object from transformRequest is merged into an object body', async () => {
    const provider = await build(`${app.url}/echo`, {
      body: { prompt: '{{prompt}}', fixed: true },
      transformRequest: '(prompt) => ({ extra: prompt.length })',
      transformResponse: 'json.received.body',
    });
    expect(JSON.parse((await provider.call('four', ctx())).output as string)).toEqual({
      prompt: { extra: 4 },
      fixed: true,
      extra: 4,
    });
  });

  it('transformRequest reshapes the prompt before it is rendered into the body', async () => {
    const provider = await build(`${app.url}/echo`, {
      body: { prompt: '{{ prompt }}' },
      transformRequest: 'prompt.toUpperCase()',
      transformResponse: 'json.output',
    });
    expect((await provider.call('shout', ctx())).output).toBe('Echo: SHOUT');
  });

  it('without a body, an object from transformRequest is the JSON body', async () => {
    const provider = await build(`${app.url}/echo`, {
      method: 'POST',
      transformRequest: '(prompt, vars) => ({ message: prompt, user: vars.user })',
      transformResponse: 'json.received.body',
    });
    const result = await provider.call('hi', ctx({ user: 'ann' }));
    expect(JSON.parse(result.output as string)).toEqual({ message: 'hi', user: 'ann' });
  });
});

describe('http provider: replies and transforms', () => {
  it('without transformResponse a JSON reply is the parsed object and a text reply the text', async () => {
    const json = await build(`${app.url}/echo`, { body: { prompt: '{{prompt}}' } });
    const output = (await json.call('p', ctx())).output as { output: string };
    expect(output.output).toBe('Echo: p');
    const text = await build(`${app.url}/text`, { body: '{{prompt}}' });
    expect((await text.call('p', ctx())).output).toBe('Echo: p');
  });

  it('accepts a function string with (json, text, context) and an object result with output and tokenUsage', async () => {
    const provider = await build(`${app.url}/echo`, {
      body: { prompt: '{{prompt}}' },
      transformResponse:
        '(json, text, context) => ({ output: json.output + " / " + context.response.status, tokenUsage: { total: 7 } })',
    });
    const result = await provider.call('q', ctx());
    expect(result.output).toBe('Echo: q / 200');
    expect(result.tokenUsage).toEqual({ total: 7 });
    expect(result.metadata?.http?.status).toBe(200);
  });

  it('loads transformResponse from a file:// module export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assay-http-'));
    writeFileSync(
      join(dir, 'parse.mjs'),
      'export function pick(json, text) { return text.length + ":" + json.output; }\n',
    );
    const provider = await build(
      `${app.url}/echo`,
      { body: { prompt: '{{prompt}}' }, transformResponse: 'file://parse.mjs:pick' },
      dir,
    );
    const result = await provider.call('z', ctx());
    expect(result.output).toMatch(/^\d+:Echo: z$/);
  });

  it('a transform that finds nothing is an error naming the reply, not an empty output', async () => {
    const provider = await build(`${app.url}/echo`, {
      body: { prompt: '{{prompt}}' },
      transformResponse: 'json.missing',
    });
    const result = await provider.call('z', ctx());
    expect(result.output).toBeUndefined();
    expect(result.error).toMatch(/transformResponse returned no output/);
  });

  it('a broken transform is a config error at build time', async () => {
    const err = await build(`${app.url}/echo`, { transformResponse: 'json.(' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(/transformResponse/);
  });

  it('reads a server-sent event stream: JSON events for the transform, ttftMs measured', async () => {
    const provider = await build(`${app.url}/stream`, {
      body: { prompt: '{{prompt}}' },
      transformResponse: 'json.map((e) => e.token).join("")',
    });
    const result = await provider.call('streamed words here', ctx());
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('Echo: streamed words here');
    expect(typeof result.ttftMs).toBe('number');
  });

  it('a stream of plain-text events is joined into the output without a transform', async () => {
    const provider = await build(`${app.url}/stream?format=text`, { body: { prompt: '{{prompt}}' } });
    expect((await provider.call('one two', ctx())).output).toBe('Echo: one two');
  });
});

describe('http provider: failures', () => {
  it('a 500 is an error with the status and the app message, and the status in metadata', async () => {
    const provider = await build(`${app.url}/status/500`, { body: { prompt: '{{prompt}}' }, maxRetries: 0 });
    const result = await provider.call('x', ctx());
    expect(result.output).toBeUndefined();
    expect(result.error).toMatch(/HTTP 500/);
    expect(result.error).toMatch(/emulated 500/);
    expect(result.metadata?.http?.status).toBe(500);
    expect(result.metadata?.failureKind).toBe('http');
  });

  it('a 429 is classified as HTTP 429 and retried after Retry-After; maxRetries: 0 reports it', async () => {
    const retried = await build(`${app.url}/flaky/429?times=1&k=a`, {
      body: { prompt: '{{prompt}}' },
      transformResponse: 'json.output',
    });
    // The adapter makes one attempt and reports a typed 429; the runner's one retry loop retries it.
    const ok = await callThroughRunner(retried, 'again', ctx());
    expect(ok.output).toBe('Echo: again');
    expect(app.received.filter((r) => r.path === '/flaky/429' && r.query.k === 'a')).toHaveLength(2);

    const once = await build(`${app.url}/flaky/429?times=1&k=b`, { body: { prompt: '{{prompt}}' }, maxRetries: 0 });
    const failed = await callThroughRunner(once, 'again', ctx());
    expect(failed.error).toMatch(/HTTP 429/);
    expect(failed.failure?.kind).toBe('rate-limited');
    expect(failed.metadata?.http?.status).toBe(429);
  });

  it('validateStatus accepts a status as a reply, so the app error body reaches the transform', async () => {
    const provider = await build(`${app.url}/status/404`, {
      body: { prompt: '{{prompt}}' },
      validateStatus: '(status) => status < 500',
      transformResponse: 'json.error.message',
    });
    expect((await provider.call('x', ctx())).output).toBe('emulated 404 Not Found');
  });

  it('a reply slower than timeoutMs is a timeout error', async () => {
    const provider = await build(`${app.url}/slow?ms=5000`, {
      body: { prompt: '{{prompt}}' },
      timeoutMs: 100,
      maxRetries: 0,
    });
    const result = await provider.call('x', ctx());
    expect(result.error).toMatch(/timed out after 100 ms/);
    expect(result.metadata?.failureKind).toBe('timeout');
  });

  it('a closed port is a connection error', async () => {
    const dead = await startHttpAppEmulator();
    const url = dead.url;
    await dead.close();
    const provider = await build(`${url}/echo`, { body: { prompt: '{{prompt}}' }, maxRetries: 0 });
    const result = await provider.call('x', ctx());
    expect(result.error).toMatch(/Could not reach/);
    expect(result.metadata?.failureKind).toBe('connection');
  });

  it('never shows the bearer token in an error, and sends it to the app', async () => {
    const provider = await build(`${app.url}/auth`, {
      headers: { Authorization: 'Bearer wrong-secret-token-123' },
      body: { prompt: '{{prompt}}' },
      maxRetries: 0,
    });
    const result = await provider.call('x', ctx());
    expect(result.error).toMatch(/HTTP 401/);
    expect(result.error).not.toContain('wrong-secret-token-123');
    const good = await build(`${app.url}/auth`, {
      headers: { Authorization: 'Bearer http-app-token' },
      body: { prompt: '{{prompt}}' },
      transformResponse: 'json.output',
    });
    expect((await good.call('x', ctx())).output).toBe('Echo: x');
  });

  it("sends promptfoo's auth forms (bearer, basic, api_key in a header or the query) and never shows them", async () => {
    const bearer = await build(`${app.url}/auth`, {
      auth: { type: 'bearer', token: 'http-app-token' },
      body: { prompt: '{{prompt}}' },
      transformResponse: 'json.output',
    });
    expect((await bearer.call('x', ctx())).output).toBe('Echo: x');
    const wrong = await build(`${app.url}/auth`, {
      auth: { type: 'bearer', token: 'not-the-token-4321' },
      body: { prompt: '{{prompt}}' },
      maxRetries: 0,
    });
    const failed = await wrong.call('x', ctx());
    expect(failed.error).toMatch(/HTTP 401/);
    expect(failed.error).not.toContain('not-the-token-4321');
    await (
      await build(`${app.url}/echo`, {
        auth: { type: 'basic', username: 'ann', password: 'pw-secret' },
        body: { prompt: '{{prompt}}' },
      })
    ).call('x', ctx());
    expect(lastRequest().headers.authorization).toBe(`Basic ${Buffer.from('ann:pw-secret').toString('base64')}`);
    await (
      await build(`${app.url}/echo`, {
        auth: { type: 'api_key', keyName: 'X-Api-Key', value: 'k-123456' },
        body: { prompt: '{{prompt}}' },
      })
    ).call('x', ctx());
    expect(lastRequest().headers['x-api-key']).toBe('k-123456');
    await (
      await build(`${app.url}/echo`, {
        auth: { type: 'api_key', keyName: 'api_key', value: 'k-654321', placement: 'query' },
        body: { prompt: '{{prompt}}' },
      })
    ).call('x', ctx());
    expect(lastRequest().query.api_key).toBe('k-654321');
    await expect(
      build('https://example.test/x', { auth: { type: 'oauth', tokenUrl: 'https://example.test/token' } }),
    ).rejects.toThrow(/OAuth token fetching .* not supported by Assay/);
  });

  it('a var cannot send the request and its credentials to a host other than the one the URL writes', async () => {
    // A second server stands in for the host a hostile tests file points at.
    const seen: string[] = [];
    const other = createServer((req, res) => {
      seen.push(String(req.headers.authorization));
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherHost = `127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const config = { auth: { type: 'bearer', token: 'http-app-token' }, body: { prompt: '{{prompt}}' } };
      const hostThenPath = await build(`${app.url}{{ path }}`, { ...config, transformResponse: 'json.output' });
      expect((await hostThenPath.call('x', ctx({ path: '/auth' }))).output).toBe('Echo: x');
      const viaUserInfo = await hostThenPath.call('x', ctx({ path: `@${otherHost}/auth` }));
      expect(viaUserInfo.error).toMatch(/leaves the host the config writes; the request was not sent/);
      expect(viaUserInfo.error).not.toContain('http-app-token');

      const pathOnly = await build(`${app.url}/{{ path }}`, config);
      const wholeUrl = await pathOnly.call('x', ctx({ path: `/${otherHost}/auth` }));
      expect(wholeUrl.error ?? '').not.toMatch(/leaves the host/); // still the app's host: a 404 there
      expect(seen).toEqual([]);

      // A URL whose host is itself a var is the author's explicit choice.
      const hostVar = await build('http://{{ host }}/auth', { ...config, transformResponse: 'json.output' });
      expect((await hostVar.call('x', ctx({ host: app.url.replace('http://', '') }))).output).toBe('Echo: x');
      await hostVar.call('x', ctx({ host: otherHost }));
      expect(seen).toEqual(['Bearer http-app-token']);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('rejects config it cannot honour at build time', async () => {
    await expect(build('http', {})).rejects.toThrow(/needs config.url/);
    await expect(build('https://example.test/x', { request: 'POST / HTTP/1.1' })).rejects.toThrow(
      /not supported by Assay/,
    );
    await expect(build('https://example.test/x', { method: 'TRACE' })).rejects.toThrow(/config.method is invalid/);
  });
});
