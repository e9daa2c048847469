import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { createProvider } from '../../../src/providers/registry.js';
import { closeDispatchers } from '../../../src/providers/transport/index.js';
import type { CallContext, Provider } from '../../../src/providers/types.js';
import { startOpenAiServer, type TestServer } from '../../support/openai-server.js';
import { expectBothToolCallIdioms } from '../../support/tool-call-idioms.js';
import { gradeOne } from '../../assertions/grade.js';

let server: TestServer;
beforeEach(async () => {
  server = await startOpenAiServer();
});
afterEach(() => server.close());
afterAll(() => closeDispatchers());

const KEY = 'sk-unit-test-key-987654321';
const context = (vars: Record<string, unknown> = {}, config?: Record<string, unknown>): CallContext => ({
  vars,
  prompt: { raw: '', label: 'p', config },
  repeatIndex: 0,
});
const build = (id: string, config: Record<string, unknown> = {}, basePath = process.cwd()): Promise<Provider> =>
  createProvider({
    id,
    config: { apiBaseUrl: server.baseUrl, apiKey: KEY, maxRetries: 0, ...config },
    env: {},
    basePath,
  });

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get current weather for a location',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['location'],
    },
  },
};

/** promptfoo's `is-valid-openai-tools-call` rule, as documented: unwrap tool_calls, validate each call. */
function isValidOpenAiToolsCall(output: unknown, tools: Array<typeof weatherTool>): boolean {
  const calls =
    output && typeof output === 'object' && 'tool_calls' in output
      ? (output as { tool_calls: unknown }).tool_calls
      : output;
  if (!Array.isArray(calls) || calls.length === 0) return false;
  const first = calls[0] as { function?: { name?: unknown; arguments?: unknown } };
  if (typeof first.function?.name !== 'string' || typeof first.function.arguments !== 'string') return false;
  const ajv = new Ajv();
  return calls.every((call: { function: { name: string; arguments: string } }) => {
    const tool = tools.find((t) => t.function.name === call.function.name);
    return !!tool && ajv.validate(tool.function.parameters, JSON.parse(call.function.arguments));
  });
}

describe('openai chat provider', () => {
  it('sends the prompt with auth and returns text, usage and HTTP metadata', async () => {
    const provider = await build('openai:chat:gpt-4o-mini', { temperature: 0.3, passthrough: { user: 'assay' } });
    const result = await provider.call('Hello there', context());
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('echo: Hello there');
    expect(result.tokenUsage).toEqual({ prompt: 7, completion: 5, total: 12, numRequests: 1 });
    expect(result.metadata?.http?.status).toBe(200);
    expect(result.metadata?.rateLimit).toEqual({ 'x-ratelimit-remaining-requests': '99' });
    const sent = server.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello there' }],
      max_tokens: 1024,
      temperature: 0.3,
      user: 'assay',
    });
    expect(provider.cacheable).toBe(true);
    expect(provider.rateLimitKey?.()).toBe(`openai:chat:gpt-4o-mini@127.0.0.1:${server.port}/v1`);
    expect(provider.rateLimitKey?.()).not.toContain(KEY);
  });

  it('lets the prompt config override the provider config', async () => {
    const provider = await build('openai:gpt-4o-mini', { temperature: 0.3 });
    await provider.call('hi', context({}, { temperature: 0.9, seed: 1 }));
    expect(server.requests[0]!.body).toMatchObject({ temperature: 0.9, seed: 1 });
  });

  it('returns a single tool call in a shape both seed checks and OpenAI tool validators accept', async () => {
    const provider = await build('openai:chat:gpt-4o', { tools: [weatherTool] });
    const result = await provider.call('What is the weather in New York?', context());
    await expectBothToolCallIdioms(result, provider);
    expect(isValidOpenAiToolsCall(result.output, [weatherTool])).toBe(true);
    expect(result.finishReason).toBe('tool_calls');
  });

  it('returns several tool calls as an array, text kept in metadata', async () => {
    const provider = await build('openai:chat:gpt-4o', { tools: [weatherTool] });
    const result = await provider.call('explain the weather in two cities', context());
    await expectBothToolCallIdioms(result, provider);
    const output = result.output as Array<{ function: { arguments: string } }>;
    expect(output.map((c) => JSON.parse(c.function.arguments).location)).toEqual(['New York, NY', 'Paris']);
    expect(isValidOpenAiToolsCall(output, [weatherTool])).toBe(true);
    expect(result.metadata?.content).toBe('Let me check.');
    // Readers of promptfoo's message-object shape (text + calls) and of every call's name.
    const view = await gradeOne(
      {
        type: 'javascript',
        value:
          "output.tool_calls.length === 2 && output.content === 'Let me check.' && output.map((c) => c.name).join() === 'get_weather,get_weather' && output[1].arguments.location === 'Paris'",
      },
      output,
      { response: result },
    );
    expect(view.pass).toBe(true);
  });

  it('returns json_schema replies as JSON text, with the schema loaded from a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-openai-'));
    await writeFile(
      join(dir, 'review.json'),
      JSON.stringify({ type: 'object', properties: { rating: { type: 'number' } } }),
    );
    const provider = await build(
      'openai:chat:gpt-4o',
      { response_format: { type: 'json_schema', json_schema: { name: 'review', schema: 'file://review.json' } } },
      dir,
    );
    const result = await provider.call('Review this product', context());
    // the seed's `JSON.parse(output).rating >= 1`
    expect(JSON.parse(result.output as string).rating).toBeGreaterThanOrEqual(1);
    expect(result.metadata?.parsedOutput).toEqual({ rating: 4, summary: 'Good sound, short battery life' });
    const sent = server.requests[0]!.body as { response_format: { json_schema: { schema: unknown } } };
    expect(sent.response_format.json_schema.schema).toEqual({
      type: 'object',
      properties: { rating: { type: 'number' } },
    });
  });

  it('streams text, recording time to first token and tokens per second', async () => {
    const provider = await build('openai:chat:gpt-4o', { stream: true });
    const result = await provider.call('stream me please', context());
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('echo: stream me please');
    expect(result.tokenUsage).toEqual({ prompt: 7, completion: 5, total: 12, numRequests: 1 });
    expect(result.ttftMs).toBeTypeOf('number');
    expect(result.metadata?.requestId).toBe('req_stream_1');
    expect(server.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('uses a whole JSON completion as the reply when a server ignores stream: true, without a ttftMs', async () => {
    const completion = {
      choices: [{ index: 0, message: { role: 'assistant', content: 'not streamed' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    };
    server.enqueue({ kind: 'status', status: 200, headers: { 'x-request-id': 'req_json_1' }, body: completion });
    const result = await (await build('openai:chat:gpt-4o', { stream: true })).call('hi', context());
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('not streamed');
    expect(result.tokenUsage).toMatchObject({ prompt: 3, completion: 2, total: 5 });
    expect(result.ttftMs).toBeUndefined();
    expect(result.metadata?.requestId).toBe('req_json_1');
  });

  it('streams tool calls into the same shape as a non-streamed reply', async () => {
    const provider = await build('openai:chat:gpt-4o', { stream: true, tools: [weatherTool] });
    const result = await provider.call('weather in New York', context());
    await expectBothToolCallIdioms(result, provider);
    expect(JSON.parse((result.output as Array<{ function: { arguments: string } }>)[0]!.function.arguments)).toEqual({
      location: 'New York, NY',
      unit: 'celsius',
    });
    expect(isValidOpenAiToolsCall(result.output, [weatherTool])).toBe(true);
  });

  it('never shows the key when a server echoes it in a stream error event or a malformed reply', async () => {
    server.enqueue({
      kind: 'sse',
      events: [
        `data: ${JSON.stringify({ error: { message: `Invalid API key ${KEY}`, code: 'invalid_api_key' } })}\n\n`,
      ],
    });
    const streamed = await (await build('openai:chat:gpt-4o-mini', { stream: true })).call('hi', context());
    expect(streamed.error).toMatch(/The stream reported an error: Invalid API key .* \(code: invalid_api_key\)/);
    expect(streamed.error).not.toContain(KEY);
    server.enqueue({ kind: 'malformed', text: JSON.stringify({ unexpected: `key was ${KEY}` }) });
    const plain = await (await build('openai:chat:gpt-4o-mini')).call('hi', context());
    expect(plain.error).toMatch(/not a chat completion/);
    expect(plain.error).not.toContain(KEY);
  });

  it('reports a truncated stream as an error, not a short answer', async () => {
    server.enqueue({ kind: 'truncate' });
    const provider = await build('openai:chat:gpt-4o', { stream: true });
    const result = await provider.call('hi', context());
    expect(result.output).toBeUndefined();
    expect(result.error).toContain('incomplete');
  });

  it("honours timeoutMs from the config and propagates the caller's abort", async () => {
    server.enqueue({ kind: 'hang' }, { kind: 'hang' });
    const provider = await build('openai:chat:gpt-4o', { timeoutMs: 100 });
    const timedOut = await provider.call('hi', context());
    expect(timedOut.error).toContain('timed out after 100 ms');
    const controller = new AbortController();
    const pending = (await build('openai:chat:gpt-4o')).call('hi', context(), controller.signal);
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('marks refusals', async () => {
    const provider = await build('openai:chat:gpt-4o');
    const result = await provider.call('please refuse', context());
    expect(result).toMatchObject({ output: 'I cannot help with that.', isRefusal: true });
  });

  it('returns HTTP failures as { error } without the key, and 200 error envelopes too', async () => {
    server.enqueue(
      {
        kind: 'status',
        status: 401,
        body: {
          error: {
            message: `Incorrect API key provided: ${KEY}`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        },
      },
      {
        kind: 'status',
        status: 200,
        body: { error: { message: 'Some error occurred', type: 'invalid_request_error', code: 'invalid_request' } },
      },
    );
    const provider = await build('openai:chat:gpt-4o');
    const unauthorized = await provider.call('hi', context());
    expect(unauthorized.error).toContain('HTTP 401');
    expect(unauthorized.error).toContain('invalid_api_key');
    expect(unauthorized.error).not.toContain(KEY);
    const enveloped = await provider.call('hi', context());
    expect(enveloped.error).toContain('Some error occurred');
    expect(enveloped.error).toContain('invalid_request_error');
  });
});

describe('openai completion and embedding providers', () => {
  it('completes text', async () => {
    const provider = await build('openai:completion:gpt-3.5-turbo-instruct', { max_tokens: 20 });
    const result = await provider.call('Once upon', context());
    expect(result.output).toBe('completion: Once upon');
    expect(server.requests[0]!.body).toEqual({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Once upon',
      max_tokens: 20,
      temperature: 0,
    });
  });

  it('embeds text', async () => {
    const provider = await build('openai:embedding:text-embedding-3-small');
    const result = await provider.embed!('hello');
    expect(result.embedding).toEqual([0.1, 0.2, 0.3]);
    expect(result.tokenUsage).toMatchObject({ prompt: 4, total: 4, numRequests: 1 });
    expect(server.requests[0]!.body).toEqual({ input: 'hello', model: 'text-embedding-3-small' });
  });
});

describe('openai provider configuration', () => {
  it('fails at build time when no key is set, naming the variable to set', async () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      const attempt = createProvider({ id: 'openai:chat:gpt-4o', config: {}, env: {}, basePath: '.' });
      await expect(attempt).rejects.toBeInstanceOf(ConfigError);
      await expect(attempt).rejects.toThrow(/OPENAI_API_KEY/);
      const custom = createProvider({
        id: 'openai:chat:gpt-4o',
        config: { apiKeyEnvar: 'MY_KEY' },
        env: {},
        basePath: '.',
      });
      await expect(custom).rejects.toThrow(/MY_KEY/);
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });

  it('reads the key and base URL from the provider env', async () => {
    const provider = await createProvider({
      id: 'openai:gpt-4o',
      config: { maxRetries: 0 },
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl },
      basePath: '.',
    });
    const result = await provider.call('hi', context());
    expect(result.output).toBe('echo: hi');
  });

  it('rejects a mistyped option with its key path', async () => {
    await expect(build('openai:chat:gpt-4o', { temperature: 'hot' })).rejects.toThrow(/config\.temperature/);
  });
});
