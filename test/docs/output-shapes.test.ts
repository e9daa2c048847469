// docs/output-shapes.md, statement by statement: what `output` is for each reply kind and
// response_format, in result rows and inside JavaScript assertions, against the emulator.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { fromOpenAiChatCompletion } from '../../src/providers/openai-compatible/response.js';
import type { AssertionSpec } from '../../src/suite/types.js';
import { gradeOne } from '../assertions/grade.js';
import { useEmulators } from '../support/emulators.js';
import { weatherTool } from '../support/weather-tool.js';

const emu = useEmulators({ reset: ['openai'] });

const schema = {
  type: 'object',
  properties: { rating: { type: 'integer', minimum: 1, maximum: 5 }, summary: { type: 'string' } },
  required: ['rating', 'summary'],
};

/** Runs one prompt on the emulated OpenAI model and returns the row with every check's verdict. */
async function run(config: Record<string, unknown>, assert: AssertionSpec[], prompt = 'Rate this product: sturdy mug') {
  const result = await evaluate(
    { env: emu.env(), prompts: [prompt], providers: [{ id: 'openai:chat:gpt-4o-mini', config }], tests: [{ assert }] },
    { cache: false },
  );
  const row = result.results[0]!;
  return { row, verdicts: row.gradingResult!.componentResults!.map((c) => `${c.pass}: ${c.reason}`) };
}

const allPass = (n: number) => Array.from({ length: n }, () => expect.stringMatching(/^true: /));

describe('docs/output-shapes.md', () => {
  it('Text: a plain reply is the message text, a string', async () => {
    const { row, verdicts } = await run({}, [{ type: 'javascript', value: "typeof output === 'string'" }]);
    expect(typeof row.response!.output).toBe('string');
    expect(verdicts).toEqual(allPass(1));
  });

  it('Tool calls: the plain tool_calls array; hidden shortcuts never reach JSON, keys or length', async () => {
    const checks: AssertionSpec[] = [
      {
        type: 'javascript',
        value:
          "const plain = JSON.parse(JSON.stringify(output)); Array.isArray(plain) && !('name' in plain[0]) && !('arguments' in plain[0])",
      },
      {
        type: 'javascript',
        value:
          "Object.keys(output[0]).filter(k => k !== 'id').join() === 'type,function' && output.length === 1 && Object.keys(output).join() === '0'",
      },
      {
        type: 'javascript',
        value:
          "output.name === 'get_weather' && output.function.name === 'get_weather' && output.type === 'function' && output.id === output[0].id && output[0].name === 'get_weather' && output.map(c => c.name).join() === 'get_weather'",
      },
      { type: 'function-call', value: 'get_weather' },
      { type: 'is-valid-openai-tools-call' },
    ];
    const { row, verdicts } = await run({ tools: [weatherTool] }, checks, "What's the weather like in New York, NY?");
    expect(verdicts).toEqual(allPass(checks.length));
    expect(row.response!.output).toEqual([
      { id: expect.any(String), type: 'function', function: { name: 'get_weather', arguments: expect.any(String) } },
    ]);
  });

  it('Tool calls: arguments that are not valid JSON are the raw text', async () => {
    const output = [{ type: 'function', function: { name: 'get_weather', arguments: 'New York' } }];
    expect(
      (
        await gradeOne(
          { type: 'javascript', value: "output.arguments === 'New York' && output[0].arguments === 'New York'" },
          output,
        )
      ).pass,
    ).toBe(true);
  });

  it('json_object: output is the plain string, in results and in JavaScript', async () => {
    const checks: AssertionSpec[] = [
      { type: 'javascript', value: "typeof output === 'string'" },
      { type: 'javascript', value: 'output === JSON.stringify(JSON.parse(output))' },
      { type: 'javascript', value: "typeof JSON.parse(output).answer === 'string'" },
      { type: 'javascript', value: 'output.answer === undefined' },
      { type: 'is-json' },
      { type: 'contains', value: '"answer"' },
    ];
    const { row, verdicts } = await run({ response_format: { type: 'json_object' } }, checks);
    expect(verdicts).toEqual(allPass(checks.length));
    expect(typeof row.response!.output).toBe('string');
    expect(row.response!.metadata).toMatchObject({
      responseFormat: 'json_object',
      parsedOutput: { answer: expect.any(String) },
    });
  });

  it('json_schema: fields read straight off output, JSON.parse works, String members are not shadowed', async () => {
    const checks: AssertionSpec[] = [
      { type: 'javascript', value: 'output.rating >= 1 && output.rating <= 5' },
      { type: 'javascript', value: 'JSON.parse(output).rating >= 1 && JSON.parse(output).rating <= 5' },
      { type: 'javascript', value: "output.includes('rating') && typeof output.length === 'number'" },
      { type: 'javascript', value: "typeof output === 'object'" },
      { type: 'is-json', value: schema },
    ];
    const { row, verdicts } = await run(
      { response_format: { type: 'json_schema', json_schema: { name: 'review', schema } } },
      checks,
    );
    expect(verdicts).toEqual(allPass(checks.length));
    expect(typeof row.response!.output).toBe('string');
    expect(row.response!.metadata).toMatchObject({
      responseFormat: 'json_schema',
      parsedOutput: { rating: expect.any(Number) },
    });
  });

  it('json_schema: a top-level array is not spread onto the String', async () => {
    const response = { output: '[{"a":1}]', metadata: { parsedOutput: [{ a: 1 }], responseFormat: 'json_schema' } };
    expect(
      (
        await gradeOne(
          { type: 'javascript', value: "JSON.parse(output)[0].a === 1 && typeof output === 'string'" },
          '[{"a":1}]',
          { response },
        )
      ).pass,
    ).toBe(true);
  });

  it('a fenced JSON reply becomes the bare JSON, for both formats', () => {
    for (const type of ['json_object', 'json_schema']) {
      const body = {
        choices: [{ message: { role: 'assistant', content: '```json\n{"rating": 4}\n```' }, finish_reason: 'stop' }],
      };
      const response = fromOpenAiChatCompletion(body, { response_format: { type } });
      expect(response.output).toBe('{"rating":4}');
      expect(response.metadata).toMatchObject({ parsedOutput: { rating: 4 }, responseFormat: type });
    }
  });
});
