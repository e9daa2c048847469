// Meta Llama API (compat + native) and Cloudflare Workers AI emulators: happy paths, real error
// shapes, rate-limit headers, image validation and both streaming formats.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../src/emulator/index.js';
import { post, sseData, type Json } from './helpers.js';

let emu: RunningEmulators;
let env: Record<string, string>;
const msg = (content: unknown) => [{ role: 'user', content }];

beforeAll(async () => {
  emu = await startEmulators();
  env = emu.env();
});
afterAll(() => emu.close());

describe('Llama API emulator', () => {
  const compat = () => `${env.LLAMA_API_BASE_URL}/chat/completions`;
  const native = () => `${emu.llama.url}/v1/chat/completions`;

  it('answers the compat endpoint in OpenAI format with rate-limit headers', async () => {
    const r = await post(
      compat(),
      { model: 'Llama-3.3-70B-Instruct', messages: msg('Explain quantum computing in simple terms') },
      env.LLAMA_API_KEY,
    );
    expect(r.status).toBe(200);
    expect((r.json as Json).choices[0].message.content).toContain('quantum');
    for (const h of [
      'x-ratelimit-limit-tokens',
      'x-ratelimit-remaining-tokens',
      'x-ratelimit-limit-requests',
      'x-ratelimit-remaining-requests',
    ]) {
      expect(Number(r.headers.get(h))).toBeGreaterThanOrEqual(0);
    }
    expect(r.headers.get('x-ratelimit-limit-requests')).toBe('3000');
  });

  it('answers the native endpoint with completion_message and metrics', async () => {
    const r = await post(
      native(),
      { model: 'Llama-4-Maverick-17B-128E-Instruct-FP8', messages: msg('Name a river') },
      env.LLAMA_API_KEY,
    );
    const body = r.json as Json;
    expect(body.completion_message.content).toMatchObject({ type: 'text' });
    expect(body.completion_message.content.text).toContain('river');
    expect(body.completion_message.stop_reason).toBe('stop');
    expect(body.metrics.map((m: Json) => m.metric)).toEqual([
      'num_completion_tokens',
      'num_prompt_tokens',
      'num_total_tokens',
    ]);
  });

  it('rejects bad keys with 401 and unknown models with model-not-found, on both surfaces, still with headers', async () => {
    const unauth = await post(compat(), { model: 'Llama-3.3-70B-Instruct', messages: msg('x') }, 'wrong');
    expect(unauth.status).toBe(401);
    expect((unauth.json as Json).error.code).toBe('invalid_api_key');
    expect(unauth.headers.get('x-ratelimit-limit-requests')).toBeTruthy();
    const nativeUnauth = await post(native(), { model: 'Llama-3.3-70B-Instruct', messages: msg('x') });
    expect(nativeUnauth.json).toMatchObject({ status: 401, title: 'Unauthorized' });
    const missing = await post(compat(), { model: 'Llama-9', messages: msg('x') }, env.LLAMA_API_KEY);
    expect(missing.status).toBe(404);
    expect((missing.json as Json).error).toMatchObject({
      code: 'model_not_found',
      message: 'Model not found: Llama-9',
    });
  });

  it('accepts valid image parts on vision models and rejects invalid ones as the API would', async () => {
    const image = (url: string) =>
      msg([
        { type: 'text', text: 'What do you see in this image?' },
        { type: 'image_url', image_url: { url } },
      ]);
    const ok = await post(
      compat(),
      { model: 'Llama-4-Maverick-17B-128E-Instruct-FP8', messages: image('https://example.com/image.jpg') },
      env.LLAMA_API_KEY,
    );
    expect(ok.status).toBe(200);
    expect((ok.json as Json).choices[0].message.content).toContain('image');
    const b64 = await post(
      compat(),
      { model: 'Llama-4-Scout-17B-16E-Instruct-FP8', messages: image('data:image/png;base64,iVBORw0KGgo=') },
      env.LLAMA_API_KEY,
    );
    expect(b64.status).toBe(200);
    const badFormat = await post(
      compat(),
      { model: 'Llama-4-Maverick-17B-128E-Instruct-FP8', messages: image('data:image/webp;base64,AAAA') },
      env.LLAMA_API_KEY,
    );
    expect(badFormat.status).toBe(400);
    expect((badFormat.json as Json).error.message).toMatch(/Invalid image format/);
    const textOnly = await post(
      compat(),
      { model: 'Llama-3.3-70B-Instruct', messages: image('https://example.com/a.png') },
      env.LLAMA_API_KEY,
    );
    expect(textOnly.status).toBe(400);
    const tooMany = msg([
      { type: 'text', text: 'x' },
      ...Array.from({ length: 10 }, () => ({ type: 'image_url', image_url: { url: 'https://example.com/a.png' } })),
    ]);
    expect(
      (await post(compat(), { model: 'Llama-4-Maverick-17B-128E-Instruct-FP8', messages: tooMany }, env.LLAMA_API_KEY))
        .status,
    ).toBe(400);
  });

  it('streams OpenAI chunks on compat and event-typed chunks on native; requires Accept: text/event-stream', async () => {
    const body = {
      model: 'Llama-3.3-8B-Instruct',
      messages: msg('Write a short story about time travel'),
      stream: true,
    };
    const noAccept = await post(compat(), body, env.LLAMA_API_KEY);
    expect(noAccept.status).toBe(400);
    const sse = { accept: 'text/event-stream' };
    const c = sseData((await post(compat(), body, env.LLAMA_API_KEY, sse)).text);
    expect(c.at(-1)).toBe('[DONE]');
    expect(
      c
        .slice(0, -1)
        .map((e) => (JSON.parse(e) as Json).choices[0]?.delta.content ?? '')
        .join(''),
    ).toContain('time travel');
    const n = sseData((await post(native(), body, env.LLAMA_API_KEY, sse)).text).map((e) => JSON.parse(e) as Json);
    expect(n.map((e) => e.event.event_type)).toEqual(
      expect.arrayContaining(['start', 'progress', 'complete', 'metrics']),
    );
    expect(
      n
        .filter((e) => e.event.delta?.type === 'text')
        .map((e) => e.event.delta.text)
        .join(''),
    ).toContain('time');
  });

  it('calls tools on the native surface without a type field', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Get current weather for a location',
          parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
        },
      },
    ];
    const r = await post(
      native(),
      { model: 'Llama-3.3-70B-Instruct', messages: msg("What's the weather like in New York, NY?"), tools },
      env.LLAMA_API_KEY,
    );
    const call = (r.json as Json).completion_message.tool_calls[0];
    expect(call.type).toBeUndefined();
    expect(JSON.parse(call.function.arguments).location).toContain('New York');
    expect((r.json as Json).completion_message.stop_reason).toBe('tool_calls');
  });

  it('answers 429 with Retry-After past the rpm knob', async () => {
    emu.llama.setKnobs({ rpm: 1 });
    try {
      await post(compat(), { model: 'Llama-3.3-70B-Instruct', messages: msg('a') }, env.LLAMA_API_KEY);
      const r = await post(compat(), { model: 'Llama-3.3-70B-Instruct', messages: msg('a') }, env.LLAMA_API_KEY);
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBeTruthy();
      expect(r.headers.get('x-ratelimit-limit-requests')).toBe('1');
    } finally {
      emu.llama.setKnobs({ rpm: 0 });
      emu.llama.reset();
    }
  });
});

describe('Cloudflare Workers AI emulator', () => {
  const v1 = (p: string) => `${env.CLOUDFLARE_API_BASE_URL}/${p}`;
  const run = (model: string, account = env.CLOUDFLARE_ACCOUNT_ID) =>
    `${emu.cloudflare.url}/client/v4/accounts/${account}/ai/run/${model}`;

  it('answers OpenAI-compatible chat, completions and embeddings', async () => {
    const chat = await post(
      v1('chat/completions'),
      { model: '@cf/openai/gpt-oss-120b', messages: msg('Tell me a funny joke about programming') },
      env.CLOUDFLARE_API_KEY,
    );
    expect((chat.json as Json).choices[0].message.content.toLowerCase()).toContain('programming');
    const cmp = await post(
      v1('completions'),
      { model: '@cf/qwen/qwen2.5-coder-32b-instruct', prompt: 'def add(a, b):' },
      env.CLOUDFLARE_API_KEY,
    );
    expect((cmp.json as Json).choices[0].text).toBeTruthy();
    const emb = await post(
      v1('embeddings'),
      { model: '@cf/google/embeddinggemma-300m', input: 'hello' },
      env.CLOUDFLARE_API_KEY,
    );
    expect((emb.json as Json).data[0].embedding).toHaveLength(768);
  });

  it('answers the native run endpoint in the success envelope, including embeddings and SSE', async () => {
    const r = await post(
      run('@cf/meta/llama-3.1-8b-instruct'),
      { messages: msg('Where did Hello World first appear?') },
      env.CLOUDFLARE_API_KEY,
    );
    expect(r.json).toMatchObject({ success: true, errors: [], messages: [] });
    expect((r.json as Json).result.response).toContain('Hello World');
    const emb = await post(run('@cf/baai/bge-large-en-v1.5'), { text: ['a', 'b'] }, env.CLOUDFLARE_API_KEY);
    expect((emb.json as Json).result.shape).toEqual([2, 1024]);
    const s = sseData(
      (
        await post(
          run('@cf/meta/llama-3.1-8b-instruct'),
          { prompt: 'Count sheep', stream: true },
          env.CLOUDFLARE_API_KEY,
        )
      ).text,
    );
    expect(s.at(-1)).toBe('[DONE]');
    expect(
      s
        .slice(0, -1)
        .map((e) => (JSON.parse(e) as Json).response)
        .join(''),
    ).toContain('sheep');
  });

  it('answers errors in the Cloudflare envelope: 7003, 10000, 5007, native array content', async () => {
    const route = await post(
      run('@cf/meta/llama-3.1-8b-instruct', 'wrong-account'),
      { prompt: 'x' },
      env.CLOUDFLARE_API_KEY,
    );
    expect(route.status).toBe(404);
    expect(route.json).toMatchObject({ success: false, result: null, messages: [], errors: [{ code: 7003 }] });
    const auth = await post(
      v1('chat/completions'),
      { model: '@cf/openai/gpt-oss-120b', messages: msg('x') },
      'bad-token',
    );
    expect((auth.json as Json).errors[0].code).toBe(10000);
    const model = await post(
      v1('chat/completions'),
      { model: '@cf/nope/model', messages: msg('x') },
      env.CLOUDFLARE_API_KEY,
    );
    expect(model.status).toBe(400);
    expect((model.json as Json).errors[0]).toMatchObject({
      code: 5007,
      message: 'No such model @cf/nope/model or task',
    });
    const arr = await post(
      run('@cf/meta/llama-3.1-8b-instruct'),
      { messages: msg([{ type: 'text', text: 'x' }]) },
      env.CLOUDFLARE_API_KEY,
    );
    expect((arr.json as Json).errors[0].message).toContain("'array' not in 'string'");
  });

  it('accepts the placeholder account id used in the seed docs', async () => {
    const r = await post(
      run('@cf/meta/llama-3.1-8b-instruct', 'your_account_id_here'),
      { prompt: 'hi' },
      env.CLOUDFLARE_API_KEY,
    );
    expect(r.status).toBe(200);
  });

  it('answers 3040 with Retry-After past the rpm knob, and 3036 once the daily quota is used', async () => {
    emu.cloudflare.setKnobs({ rpm: 1 });
    try {
      await post(run('@cf/meta/llama-3.1-8b-instruct'), { prompt: 'a' }, env.CLOUDFLARE_API_KEY);
      const r = await post(run('@cf/meta/llama-3.1-8b-instruct'), { prompt: 'a' }, env.CLOUDFLARE_API_KEY);
      expect(r.status).toBe(429);
      expect((r.json as Json).errors[0].code).toBe(3040);
      expect(r.headers.get('retry-after')).toBeTruthy();
    } finally {
      emu.cloudflare.setKnobs({ rpm: 0 });
    }
    const quota = await startEmulators({ cloudflare: { dailyTokenQuota: 1 } });
    try {
      const e = quota.env();
      await post(
        `${e.CLOUDFLARE_API_BASE_URL}/chat/completions`,
        { model: '@cf/openai/gpt-oss-120b', messages: msg('a') },
        e.CLOUDFLARE_API_KEY,
      );
      const over = await post(
        `${e.CLOUDFLARE_API_BASE_URL}/chat/completions`,
        { model: '@cf/openai/gpt-oss-120b', messages: msg('a') },
        e.CLOUDFLARE_API_KEY,
      );
      expect(over.status).toBe(429);
      expect((over.json as Json).errors[0].code).toBe(3036);
    } finally {
      await quota.close();
    }
  });
});

describe('request ids on every reply', () => {
  it('Llama replies carry a numbered x-request-id, errors included', async () => {
    const ok = await post(
      `${env.LLAMA_API_BASE_URL}/chat/completions`,
      { model: 'Llama-3.3-70B-Instruct', messages: msg('hi') },
      env.LLAMA_API_KEY,
    );
    const denied = await post(
      `${env.LLAMA_API_BASE_URL}/chat/completions`,
      { model: 'Llama-3.3-70B-Instruct', messages: msg('hi') },
      'wrong-key',
    );
    const first = ok.headers.get('x-request-id');
    expect(first).toMatch(/^llama-req-\d{8}$/);
    expect(denied.status).toBe(401);
    expect(Number(denied.headers.get('x-request-id')!.slice('llama-req-'.length))).toBe(
      Number(first!.slice('llama-req-'.length)) + 1,
    );
  });

  it('Cloudflare replies carry a numbered cf-ray, errors included', async () => {
    const url = `${env.CLOUDFLARE_API_BASE_URL}/chat/completions`;
    const ok = await post(
      url,
      { model: '@cf/meta/llama-3.1-8b-instruct', messages: msg('hi') },
      env.CLOUDFLARE_API_KEY,
    );
    const denied = await post(url, { model: '@cf/meta/llama-3.1-8b-instruct', messages: msg('hi') }, 'wrong-token');
    const first = ok.headers.get('cf-ray');
    expect(first).toMatch(/^[0-9a-f]{16}-EMU$/);
    expect(denied.status).toBe(403);
    expect(parseInt(denied.headers.get('cf-ray')!, 16)).toBe(parseInt(first!, 16) + 1);
  });
});

describe('remaining-requests headers count the request they answer', () => {
  it('Llama compat and OpenAI: with rpm 2 the second reply says 0 left, then 429', async () => {
    const limited = await startEmulators({ knobs: { llama: { rpm: 2 }, openai: { rpm: 2 } } });
    try {
      const e = limited.env();
      const calls = [
        { url: `${e.LLAMA_API_BASE_URL}/chat/completions`, model: 'Llama-3.3-70B-Instruct', key: e.LLAMA_API_KEY },
        { url: `${e.OPENAI_BASE_URL}/chat/completions`, model: 'gpt-4o-mini', key: e.OPENAI_API_KEY },
      ];
      for (const { url, model, key } of calls) {
        const seen: Array<[number, string | null]> = [];
        for (let i = 0; i < 3; i++) {
          const r = await post(url, { model, messages: msg('hi') }, key);
          seen.push([r.status, r.headers.get('x-ratelimit-remaining-requests')]);
        }
        expect(seen).toEqual([
          [200, '1'],
          [200, '0'],
          [429, '0'],
        ]);
      }
    } finally {
      await limited.close();
    }
  });
});
