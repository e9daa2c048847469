import { describe, expect, it } from 'vitest';
import {
  fromOpenAiChatCompletion,
  fromOpenAiStream,
  toOpenAiChatBody,
  toOpenAiMessages,
} from '../../../src/providers/openai-compatible/index.js';
import type { SseEvent } from '../../../src/providers/transport/index.js';

describe('toOpenAiMessages', () => {
  it('turns plain text into one user message, even text with brackets', () => {
    expect(toOpenAiMessages('Hello {{name}}')).toEqual([{ role: 'user', content: 'Hello {{name}}' }]);
    expect(toOpenAiMessages('[INST] hi [/INST]')).toEqual([{ role: 'user', content: '[INST] hi [/INST]' }]);
  });

  it('sends a JSON list of messages as given, keeping image parts', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
        ],
      },
    ];
    expect(toOpenAiMessages(JSON.stringify(messages))).toEqual(messages);
  });

  it('reads a YAML list of messages', () => {
    expect(toOpenAiMessages('- role: system\n  content: Be brief.\n- role: user\n  content: Hi')).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('reports a broken message list instead of sending it as text', () => {
    expect(() => toOpenAiMessages('[{"role": "user", "content": "hi"')).toThrow(/not valid JSON/);
    expect(() => toOpenAiMessages('[{"content": "hi"}]')).toThrow(/no "role"/);
  });
});

describe('toOpenAiChatBody', () => {
  const messages = [{ role: 'user', content: 'hi' }];

  it('sends temperature 0 and max_tokens 1024 by default, and passthrough wins', () => {
    const body = toOpenAiChatBody({
      model: 'm',
      messages,
      config: { passthrough: { temperature: 0.5, usage_context: { team: 'a' } } },
    });
    expect(body).toEqual({ model: 'm', messages, max_tokens: 1024, temperature: 0.5, usage_context: { team: 'a' } });
  });

  it('carries every sampling and tool option, and asks for usage when streaming', () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    const body = toOpenAiChatBody({
      model: 'm',
      messages,
      stream: true,
      config: {
        temperature: 0.2,
        max_tokens: 50,
        top_p: 0.9,
        frequency_penalty: 0.1,
        presence_penalty: 0.3,
        stop: ['END'],
        seed: 7,
        tools,
        tool_choice: 'auto',
        response_format: { type: 'json_object' },
      },
    });
    expect(body).toMatchObject({
      temperature: 0.2,
      max_tokens: 50,
      top_p: 0.9,
      frequency_penalty: 0.1,
      presence_penalty: 0.3,
      stop: ['END'],
      seed: 7,
      tools,
      tool_choice: 'auto',
      response_format: { type: 'json_object' },
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('omits defaults on request and uses max_completion_tokens for reasoning models', () => {
    expect(toOpenAiChatBody({ model: 'm', messages, config: { omitDefaults: true } })).toEqual({
      model: 'm',
      messages,
    });
    const o3 = toOpenAiChatBody({ model: 'o3-mini', messages, config: { max_completion_tokens: 100, max_tokens: 5 } });
    expect(o3).toEqual({ model: 'o3-mini', messages, max_completion_tokens: 100 });
  });
});

describe('fromOpenAiChatCompletion', () => {
  const reply = (message: Record<string, unknown>, finish_reason = 'stop') => ({
    choices: [{ message, finish_reason }],
    usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
  });

  it('returns text, usage, finish reason and cost from per-token rates', () => {
    const result = fromOpenAiChatCompletion(reply({ role: 'assistant', content: 'Hi!' }), {
      inputCost: 0.001,
      outputCost: 0.002,
    });
    expect(result.output).toBe('Hi!');
    expect(result.tokenUsage).toEqual({ prompt: 10, completion: 4, total: 14, numRequests: 1 });
    expect(result.finishReason).toBe('stop');
    expect(result.cost).toBeCloseTo(0.018);
  });

  it('marks refusals and content filtering', () => {
    const refused = fromOpenAiChatCompletion(reply({ role: 'assistant', content: null, refusal: 'No.' }), {});
    expect(refused).toMatchObject({ output: 'No.', isRefusal: true, guardrails: { flagged: true } });
    const filtered = fromOpenAiChatCompletion(reply({ role: 'assistant', content: '' }, 'content_filter'), {});
    expect(filtered).toMatchObject({
      output: 'Content filtered by provider',
      isRefusal: true,
      finishReason: 'content_filter',
    });
  });

  it('keeps a json_schema reply as text and exposes the parsed value', () => {
    const format = { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object' } } };
    const result = fromOpenAiChatCompletion(reply({ role: 'assistant', content: '```json\n{"rating": 4}\n```' }), {
      response_format: format,
    });
    expect(result.output).toBe('{"rating":4}');
    expect(JSON.parse(result.output as string).rating).toBe(4);
    expect(result.metadata?.parsedOutput).toEqual({ rating: 4 });
  });

  it('reports a body that is not a chat completion', () => {
    expect(fromOpenAiChatCompletion({ choices: [] }, {}).error).toContain('not a chat completion');
  });
});

describe('fromOpenAiStream', () => {
  async function* events(...data: unknown[]): AsyncGenerator<SseEvent> {
    for (const d of data) yield { data: JSON.stringify(d) };
  }
  const delta = (d: Record<string, unknown>, finish_reason: string | null = null) => ({
    choices: [{ index: 0, delta: d, finish_reason }],
  });

  it('joins tool-call argument fragments by index', async () => {
    const clock = [130, 500];
    const assembled = await fromOpenAiStream(
      events(
        delta({ role: 'assistant', content: null }),
        delta({
          tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }],
        }),
        delta({
          tool_calls: [
            { index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":' } },
          ],
        }),
        delta({ tool_calls: [{ index: 0, function: { arguments: '{"location":"Paris"}' } }] }),
        delta({ tool_calls: [{ index: 1, function: { arguments: '"UTC"}' } }] }),
        delta({}, 'tool_calls'),
        { choices: [], usage: { prompt_tokens: 3, completion_tokens: 20, total_tokens: 23 } },
      ),
      100,
      () => clock.shift() ?? 500,
    );
    const message = assembled.completion.choices[0]!.message;
    expect(message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"UTC"}' } },
    ]);
    expect(assembled.completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(assembled.completion.usage?.total_tokens).toBe(23);
    expect(assembled.ttftMs).toBe(30);
  });

  it('surfaces an error event inside the stream', async () => {
    await expect(
      fromOpenAiStream(events({ error: { message: 'overloaded', code: 'server_busy' } }), 0),
    ).rejects.toThrow(/overloaded.*server_busy/);
  });
});
