// OpenAI emulator plus the knobs every server shares: scripted faults, latency, recording and
// a clean close that leaves no servers or sockets behind.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../src/emulator/index.js';
import { post, sseData, type Json } from './helpers.js';

let emu: RunningEmulators;
let env: Record<string, string>;
const chatUrl = () => `${env.OPENAI_BASE_URL}/chat/completions`;
const chat = (extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say hello to Ada' }],
  ...extra,
});

beforeAll(async () => {
  emu = await startEmulators();
  env = emu.env();
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.openai.setKnobs({ faults: [], rpm: 0, latencyMs: 0 });
  emu.openai.reset();
});

describe('OpenAI emulator', () => {
  it('answers chat, completions and embeddings with usage', async () => {
    const c = await post(chatUrl(), chat(), env.OPENAI_API_KEY);
    expect((c.json as Json).choices[0].message.content).toContain('Ada');
    expect(c.headers.get('x-ratelimit-limit-requests')).toBeTruthy();
    const t = await post(
      `${env.OPENAI_BASE_URL}/completions`,
      { model: 'gpt-3.5-turbo-instruct', prompt: 'Once upon' },
      env.OPENAI_API_KEY,
    );
    expect((t.json as Json).object).toBe('text_completion');
    const e = await post(
      `${env.OPENAI_BASE_URL}/embeddings`,
      { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 256 },
      env.OPENAI_API_KEY,
    );
    expect((e.json as Json).data[1].embedding).toHaveLength(256);
  });

  it('rejects a wrong key and an unknown model in the OpenAI envelope', async () => {
    const auth = await post(chatUrl(), chat(), 'sk-wrong');
    expect(auth.status).toBe(401);
    expect((auth.json as Json).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      param: null,
    });
    const model = await post(chatUrl(), chat({ model: 'gpt-99' }), env.OPENAI_API_KEY);
    expect(model.status).toBe(404);
    expect((model.json as Json).error.code).toBe('model_not_found');
  });

  it('streams chunks, a usage chunk when asked, then [DONE]', async () => {
    const r = await post(
      chatUrl(),
      chat({ stream: true, stream_options: { include_usage: true } }),
      env.OPENAI_API_KEY,
    );
    const events = sseData(r.text);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as Json);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage.total_tokens).toBeGreaterThan(0);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
  });

  it('streams tool-call arguments in pieces that join into valid JSON', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'greet',
          description: 'Say hello to a person',
          parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        },
      },
    ];
    const r = await post(chatUrl(), chat({ stream: true, tools, tool_choice: 'required' }), env.OPENAI_API_KEY);
    const deltas = sseData(r.text)
      .slice(0, -1)
      .map((e) => (JSON.parse(e) as Json).choices[0]?.delta);
    const args = deltas
      .flatMap((d) => d?.tool_calls ?? [])
      .map((t: Json) => t.function.arguments ?? '')
      .join('');
    expect(typeof JSON.parse(args).name).toBe('string');
  });

  it('records requests with the credential redacted but identifiable', async () => {
    await post(chatUrl(), chat(), env.OPENAI_API_KEY);
    const rec = emu.openai.requests[0]!;
    expect(rec).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200 });
    expect((rec.body as Json).messages[0].content).toBe('Say hello to Ada');
    expect(rec.headers.authorization).toMatch(/^Bearer \[redacted …/);
    expect(rec.headers.authorization).not.toContain(env.OPENAI_API_KEY);
    expect(rec.credential).toEqual({ scheme: 'bearer', last4: env.OPENAI_API_KEY!.slice(-4), kind: 'api-key' });
  });

  it('answers 429 with retry-after past the rpm limit', async () => {
    emu.openai.setKnobs({ rpm: 2 });
    await post(chatUrl(), chat(), env.OPENAI_API_KEY);
    await post(chatUrl(), chat(), env.OPENAI_API_KEY);
    const r = await post(chatUrl(), chat(), env.OPENAI_API_KEY);
    expect(r.status).toBe(429);
    expect((r.json as Json).error.code).toBe('rate_limit_exceeded');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(r.headers.get('retry-after-ms')).toBeTruthy();
  });
});

describe('faults', () => {
  it('answers 5xx for the next N requests, then recovers', async () => {
    emu.openai.setKnobs({ faults: [{ kind: 'status', status: 503, count: 2 }] });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(chatUrl(), chat(), env.OPENAI_API_KEY)).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('spreads a fractional fault rate evenly', async () => {
    emu.openai.setKnobs({ faults: [{ kind: 'status', rate: 0.5 }] });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(chatUrl(), chat(), env.OPENAI_API_KEY)).status);
    expect(statuses.filter((s) => s === 500)).toHaveLength(2);
  });

  it('resets the connection', async () => {
    emu.openai.setKnobs({ faults: [{ kind: 'reset' }] });
    await expect(post(chatUrl(), chat(), env.OPENAI_API_KEY)).rejects.toThrow();
    expect((await post(chatUrl(), chat(), env.OPENAI_API_KEY)).status).toBe(200);
  });

  it('sends a malformed JSON body and a malformed stream event', async () => {
    emu.openai.setKnobs({ faults: [{ kind: 'malformed', count: 2 }] });
    const r = await post(chatUrl(), chat(), env.OPENAI_API_KEY);
    expect(r.status).toBe(200);
    expect(r.json).toBeUndefined();
    const s = await post(chatUrl(), chat({ stream: true }), env.OPENAI_API_KEY);
    expect(() => sseData(s.text).map((e) => (e === '[DONE]' ? e : JSON.parse(e)))).toThrow();
  });

  it('truncates bodies and streams', async () => {
    emu.openai.setKnobs({ faults: [{ kind: 'truncate', count: 2 }] });
    await expect(post(chatUrl(), chat(), env.OPENAI_API_KEY)).rejects.toThrow();
    const streamed = await post(chatUrl(), chat({ stream: true }), env.OPENAI_API_KEY).then(
      (r) => r.text,
      () => 'rejected',
    );
    expect(streamed).not.toContain('[DONE]');
  });

  it('stalls before answering, and mid-stream', async () => {
    emu.openai.setKnobs({ faults: [{ kind: 'stall' }, { kind: 'stall-stream' }] });
    await expect(post(chatUrl(), chat(), env.OPENAI_API_KEY, {}, AbortSignal.timeout(300))).rejects.toThrow();
    const ctrl = new AbortController();
    const res = await fetch(chatUrl(), {
      method: 'POST',
      headers: { authorization: `Bearer ${env.OPENAI_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(chat({ stream: true })),
      signal: ctrl.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('data: ');
    setTimeout(() => ctrl.abort(), 200);
    await expect(reader.read().then(() => reader.read())).rejects.toThrow();
  });

  it('delays replies by the latency knob without changing them', async () => {
    emu.openai.setKnobs({ latencyMs: 20 });
    expect((await post(chatUrl(), chat(), env.OPENAI_API_KEY)).status).toBe(200);
  });
});

describe('close', () => {
  const servers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

  it('closes every server and open connection, even with a stalled request in flight', async () => {
    const before = servers();
    const local = await startEmulators();
    expect(servers()).toBe(before + 4);
    const e = local.env();
    local.openai.setKnobs({ faults: [{ kind: 'stall' }] });
    const stalled = post(`${e.OPENAI_BASE_URL}/chat/completions`, chat(), e.OPENAI_API_KEY).catch(() => 'failed');
    await new Promise((r) => setTimeout(r, 50));
    await local.close();
    expect(await stalled).toBe('failed');
    expect(servers()).toBe(before);
    await expect(fetch(`${local.databricks.url}/serving-endpoints`)).rejects.toThrow();
  });
});
