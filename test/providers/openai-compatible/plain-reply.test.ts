import { describe, expect, it } from 'vitest';
import { fromOpenAiChatCompletion } from '../../../src/providers/openai-compatible/index.js';
import { isPlainChatCompletion } from '../../../src/providers/openai-compatible/plain-reply.js';
import { chatCompletionSchema } from '../../../src/providers/openai-compatible/wire.js';

const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
const reply = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'c1',
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }],
  usage,
  ...extra,
});

describe('the fast check for plain chat completions', () => {
  const plain = [
    reply({ content: 'Hello' }),
    reply({ content: null, refusal: 'No.' }),
    reply({ content: 'x', reasoning_content: 'because' }, { usage: null }),
    { choices: [{ message: { content: 'bare' } }] },
  ];
  it.each(plain.map((b) => [JSON.stringify(b).slice(0, 60), b]))(
    'accepts only what the zod schema accepts unchanged: %s',
    (_name, body) => {
      expect(isPlainChatCompletion(body)).toBe(true);
      expect(chatCompletionSchema.parse(body)).toEqual(body);
    },
  );

  const other = [
    reply({ content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f' } }] }), // zod fills arguments: ''
    reply({ content: [{ type: 'text', text: 'parts' }] }),
    reply({ content: 'x' }, { usage: { ...usage, prompt_tokens_details: { cached_tokens: 1 } } }),
    { choices: [] },
    { choices: [{ message: { content: 5 } }] },
    { error: { message: 'nope' } },
    reply({ content: 'x' }, { usage: { prompt_tokens: '3' } }),
  ];
  it.each(other.map((b) => [JSON.stringify(b).slice(0, 60), b]))(
    'leaves every other shape to zod: %s',
    (_name, body) => {
      expect(isPlainChatCompletion(body)).toBe(false);
    },
  );

  it('replies of either kind still come out right, and a malformed one is still an error', () => {
    expect(fromOpenAiChatCompletion(reply({ content: 'Hello' }), {})).toMatchObject({
      output: 'Hello',
      finishReason: 'stop',
      tokenUsage: { total: 5, prompt: 3, completion: 2 },
    });
    const tool = fromOpenAiChatCompletion(
      reply({ content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f' } }] }),
      {},
    );
    expect(tool.error).toBeUndefined();
    expect(fromOpenAiChatCompletion({ choices: [{ message: { content: 5 } }] }, {}).error).toMatch(
      /not a chat completion/,
    );
  });
});
