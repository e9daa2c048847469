import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../../src/emulator/index.js';
import { closeDispatchers } from '../../../src/providers/transport/index.js';
import { build, contextWith, patEnv, requestsTo } from './helpers.js';

let emu: RunningEmulators;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulators();
  env = patEnv(emu);
});
beforeEach(() => emu.databricks.reset());
afterAll(async () => {
  await emu.close();
  await closeDispatchers();
});

const LLAMA = 'databricks-meta-llama-3-3-70b-instruct';
const invocations = (endpoint: string) => `/serving-endpoints/${endpoint}/invocations`;

describe('databricks chat', () => {
  it('answers a text prompt through the endpoint invocations path with the PAT', async () => {
    const provider = await build(`databricks:${LLAMA}`, {}, env);
    const result = await provider.call('Why is the sky blue?', contextWith());
    expect(result.error).toBeUndefined();
    expect(result.output).toContain('sky blue');
    expect(result.tokenUsage).toMatchObject({ numRequests: 1 });
    expect(result.tokenUsage!.total).toBeGreaterThan(0);
    const [sent] = requestsTo(emu, invocations(LLAMA), 'POST');
    expect(sent!.credential.kind).toBe('pat');
    expect(sent!.body).toEqual({
      messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      max_tokens: 1024,
      temperature: 0,
    });
    expect(provider.id()).toBe(`databricks:${LLAMA}`);
    expect(provider.rateLimitKey!()).toBe(`databricks:${new URL(env.DATABRICKS_WORKSPACE_URL!).host}:${LLAMA}`);
    expect(provider.cacheable).toBe(true);
  });

  it('passes OpenAI parameters through and drops the fields serving endpoints reject', async () => {
    const provider = await build(
      `databricks:${LLAMA}`,
      {
        temperature: 0.7,
        max_completion_tokens: 50,
        top_p: 0.9,
        stop: ['END'],
        passthrough: { store: true, extra_params: { k: 'v' } },
      },
      env,
    );
    const result = await provider.call('Say hello', contextWith());
    expect(result.error).toBeUndefined();
    const body = requestsTo(emu, invocations(LLAMA))[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      temperature: 0.7,
      max_tokens: 50,
      top_p: 0.9,
      stop: ['END'],
      extra_params: { k: 'v' },
    });
    for (const field of ['model', 'store', 'max_completion_tokens', 'stream_options', 'service_tier'])
      expect(body).not.toHaveProperty(field);
  });

  it('returns tool calls as structured output', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Get the current weather in a location',
          parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
        },
      },
    ];
    const provider = await build(`databricks:${LLAMA}`, { tools, tool_choice: 'auto' }, env);
    const result = await provider.call('What is the weather in Paris?', contextWith());
    expect(result.error).toBeUndefined();
    expect(result.output).toEqual([
      {
        id: expect.any(String),
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location":"Paris"}' },
      },
    ]);
    expect(requestsTo(emu, invocations(LLAMA))[0]!.body).toMatchObject({ tools, tool_choice: 'auto' });
  });

  it('sends response_format json_schema and returns JSON that fits it', async () => {
    const response_format = {
      type: 'json_schema',
      json_schema: {
        name: 'product_info',
        schema: {
          type: 'object',
          properties: { name: { type: 'string' }, price: { type: 'number' } },
          required: ['name', 'price'],
        },
      },
    };
    const provider = await build(`databricks:${LLAMA}`, { isPayPerToken: true, response_format }, env);
    const result = await provider.call('Describe a coffee mug product', contextWith());
    expect(result.error).toBeUndefined();
    const value = JSON.parse(String(result.output));
    expect(typeof value.name).toBe('string');
    expect(typeof value.price).toBe('number');
    expect(requestsTo(emu, invocations(LLAMA))[0]!.body).toMatchObject({ response_format });
  });

  it('sends a JSON vision prompt (text + image_url parts) as written', async () => {
    const messages = [
      {
        role: 'user',
        content: [
          { type: 'text', text: "What's in this image?" },
          { type: 'image_url', image_url: { url: 'https://example.com/image.jpg' } },
        ],
      },
    ];
    const provider = await build('databricks:databricks-claude-3-7-sonnet', { isPayPerToken: true }, env);
    const result = await provider.call(JSON.stringify(messages), contextWith());
    expect(result.error).toBeUndefined();
    expect(typeof result.output).toBe('string');
    expect(
      (requestsTo(emu, invocations('databricks-claude-3-7-sonnet'))[0]!.body as { messages: unknown }).messages,
    ).toEqual(messages);
  });

  it('sends usageContext as usage_context (values as strings)', async () => {
    const provider = await build(
      `databricks:${LLAMA}`,
      { usageContext: { application: 'chatbot', customer_id: 12345, priority: 'high' } },
      env,
    );
    const result = await provider.call('hello', contextWith());
    expect(result.error).toBeUndefined();
    expect(requestsTo(emu, invocations(LLAMA))[0]!.body).toMatchObject({
      usage_context: { application: 'chatbot', customer_id: '12345', priority: 'high' },
    });
  });

  it('streams with stream: true (no stream_options) and assembles the same text', async () => {
    const plain = await (await build(`databricks:${LLAMA}`, {}, env)).call('Tell me about streams', contextWith());
    const provider = await build(`databricks:${LLAMA}`, { stream: true }, env);
    const streamed = await provider.call('Tell me about streams', contextWith());
    expect(streamed.error).toBeUndefined();
    expect(streamed.output).toBe(plain.output);
    expect(streamed.ttftMs).toBeGreaterThanOrEqual(0);
    const body = requestsTo(emu, invocations(LLAMA)).at(-1)!.body as Record<string, unknown>;
    expect(body.stream).toBe(true);
    expect(body).not.toHaveProperty('stream_options');
  });

  it('lets a prompt config override the provider config', async () => {
    const provider = await build(`databricks:${LLAMA}`, { temperature: 0.2 }, env);
    await provider.call('hello', contextWith({}, { temperature: 0.9 }));
    expect(requestsTo(emu, invocations(LLAMA))[0]!.body).toMatchObject({ temperature: 0.9 });
  });
});

describe('databricks embeddings and completions', () => {
  it('answers embed() on a chat id naming an embedding endpoint', async () => {
    const provider = await build('databricks:databricks-gte-large-en', {}, env);
    const result = await provider.embed!('The quick brown fox');
    expect(result.error).toBeUndefined();
    expect(result.embedding).toHaveLength(1024);
    expect(requestsTo(emu, invocations('databricks-gte-large-en'))[0]!.body).toEqual({ input: 'The quick brown fox' });
  });

  it('gives similar texts similar vectors via databricks:embedding:<endpoint>', async () => {
    const provider = await build(
      'databricks:embedding:databricks-gte-large-en',
      { usageContext: { team: 'evals' } },
      env,
    );
    const [a, b, c] = await Promise.all(
      ['the cat sat on the mat', 'a cat sat on a mat', 'quarterly tax filing deadlines'].map((t) => provider.embed!(t)),
    );
    const cos = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(cos(a!.embedding!, b!.embedding!)).toBeGreaterThan(cos(a!.embedding!, c!.embedding!));
    const direct = await provider.call('hello', contextWith());
    expect(Array.isArray(direct.output)).toBe(true);
    expect(requestsTo(emu, invocations('databricks-gte-large-en'))[0]!.body).toMatchObject({
      usage_context: { team: 'evals' },
    });
  });

  it('completes text via databricks:completion:<endpoint>', async () => {
    const provider = await build('databricks:completion:databricks-mpt-7b-instruct', { max_tokens: 40 }, env);
    const result = await provider.call('Write a haiku about rivers', contextWith());
    expect(result.error).toBeUndefined();
    expect(String(result.output)).toContain('rivers');
    expect(requestsTo(emu, invocations('databricks-mpt-7b-instruct'))[0]!.body).toMatchObject({
      prompt: 'Write a haiku about rivers',
      max_tokens: 40,
    });
  });
});
