// The emulated model's behaviour users rely on: schema-valid JSON, valid tool arguments,
// meaningful embedding similarity and grader verdicts that can pass and fail.

import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { cosine, embed } from '../../src/emulator/model/embeddings.js';
import { gradeIfGraderPrompt, verdict } from '../../src/emulator/model/grader.js';
import { respondChat } from '../../src/emulator/model/respond.js';
import { valueForSchema } from '../../src/emulator/model/schema-value.js';
import { argumentsFor } from '../../src/emulator/model/tool-calls.js';
import { parseFaults } from '../../src/emulator/server/meter.js';

const ajv = new Ajv({ strict: false });
// The emulator's values must satisfy formats too (email, date-time), as the json-schema assertion checks them.
addFormatsModule.default(ajv);
const user = (text: string) => ({ role: 'user', text, images: [] });

describe('structured output', () => {
  const schemas: Record<string, object> = {
    review: {
      type: 'object',
      properties: {
        rating: { type: 'number', minimum: 1, maximum: 5 },
        summary: { type: 'string' },
        pros: { type: 'array', items: { type: 'string' } },
        cons: { type: 'array', items: { type: 'string' } },
      },
      required: ['rating', 'summary'],
    },
    nested: {
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { type: 'integer', exclusiveMinimum: 10, maximum: 20 },
        tags: { type: 'array', items: { type: 'string', maxLength: 12 }, minItems: 3, uniqueItems: true },
        status: { enum: ['open', 'closed'] },
        owner: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/person' }] },
        email: { type: 'string', format: 'email' },
        code: { type: 'string', pattern: '^[A-Z]{3}-\\d{3}$' },
        short: { type: 'string', minLength: 5, maxLength: 6 },
      },
      required: ['id', 'tags', 'status', 'owner', 'code', 'short'],
      $defs: {
        person: {
          type: 'object',
          properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
          required: ['name'],
        },
      },
    },
  };

  for (const [name, schema] of Object.entries(schemas)) {
    it(`json_schema output validates against the ${name} schema`, () => {
      const reply = respondChat({
        messages: [user('Review this product: wireless headphones')],
        responseFormat: { type: 'json_schema', schema },
      });
      const value: unknown = JSON.parse(reply.text ?? '');
      expect(ajv.validate(schema, value), JSON.stringify(ajv.errors)).toBe(true);
    });
  }

  it('the seed review rating lands between 1 and 5', () => {
    const value = valueForSchema(schemas.review, { prompt: 'Review this product' }) as { rating: number };
    expect(value.rating).toBeGreaterThanOrEqual(1);
    expect(value.rating).toBeLessThanOrEqual(5);
  });

  it('json_object mode answers a JSON object', () => {
    const reply = respondChat({ messages: [user('Give me JSON')], responseFormat: { type: 'json_object' } });
    expect(typeof JSON.parse(reply.text ?? '')).toBe('object');
  });
});

describe('tool calls', () => {
  const weather = {
    name: 'get_weather',
    description: 'Get current weather for a location',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['location'],
    },
  };

  it('calls the relevant tool with arguments valid against its schema, filled from the prompt', () => {
    const reply = respondChat({ messages: [user("What's the weather like in New York, NY?")], tools: [weather] });
    expect(reply.finishReason).toBe('tool_calls');
    const call = reply.toolCalls[0]!;
    expect(call.name).toBe('get_weather');
    const args = JSON.parse(call.arguments) as { location: string };
    expect(ajv.validate(weather.parameters, args)).toBe(true);
    expect(args.location).toContain('New York');
  });

  it('fills every required argument type and leaves the choice to tool_choice', () => {
    const params = {
      type: 'object',
      properties: {
        query: { type: 'string' },
        limit: { type: 'integer', minimum: 1, maximum: 50 },
        exact: { type: 'boolean' },
      },
      required: ['query', 'limit', 'exact'],
    };
    expect(ajv.validate(params, argumentsFor(params, 'search for red shoes'))).toBe(true);
    const tools = [{ name: 'lookup_order', description: 'Find an order', parameters: params }];
    expect(respondChat({ messages: [user('Tell me a joke')], tools, toolChoice: 'auto' }).toolCalls).toHaveLength(0);
    expect(respondChat({ messages: [user('Tell me a joke')], tools, toolChoice: 'required' }).toolCalls).toHaveLength(
      1,
    );
    expect(respondChat({ messages: [user('Find my order')], tools, toolChoice: 'none' }).toolCalls).toHaveLength(0);
  });

  it('answers in text after a tool result instead of calling again', () => {
    const reply = respondChat({
      messages: [user('weather in Paris?'), { role: 'tool', text: '{"temp":21}', images: [] }],
      tools: [weather],
    });
    expect(reply.toolCalls).toHaveLength(0);
    expect(reply.text).toContain('21');
  });
});

describe('embeddings', () => {
  it('similar texts are closer than unrelated texts', () => {
    const a = embed('The cat sat on the mat', 1024);
    const b = embed('A cat is sitting on a mat', 1024);
    const c = embed('Quarterly revenue grew in the banking sector', 1024);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
    expect(cosine(a, a)).toBeCloseTo(1, 5);
    expect(embed('same text', 64)).toEqual(embed('same text', 64));
  });
});

describe('grader verdicts', () => {
  const rubricPrompt = (output: string, rubric: string) =>
    `You grade output according to a rubric. Respond with JSON {"reason": string, "pass": boolean, "score": number}.\n<Output>${output}</Output>\n<Rubric>${rubric}</Rubric>`;
  const grade = (output: string, rubric: string) =>
    JSON.parse(gradeIfGraderPrompt(rubricPrompt(output, rubric)) ?? 'null') as { pass: boolean; score: number };

  it('passes when the output mentions what the rubric asks for and fails when it does not', () => {
    expect(grade('Paris is the capital of France.', 'Mentions Paris').pass).toBe(true);
    const failed = grade('Berlin is the capital of Germany.', 'Mentions Paris');
    expect(failed.pass).toBe(false);
    expect(failed.score).toBe(0);
  });

  it('honours quoted phrases and negations', () => {
    expect(grade('Hello there, friend', 'Contains "hello there"').pass).toBe(true);
    expect(grade('This contains a swear word: darn', 'Does not mention darn').pass).toBe(false);
    expect(grade('All clean here', 'Does not mention darn').pass).toBe(true);
  });

  it('passes a purely qualitative rubric on a non-empty answer, fails empty output and refusals', () => {
    expect(
      verdict('Response should be simple, clear, and use age-appropriate analogies', 'Quantum computers use qubits.')
        .pass,
    ).toBe(true);
    expect(verdict('Accurately describes the image content', '').pass).toBe(false);
    expect(verdict('Answers the question', "I'm sorry, I can't help with that.").pass).toBe(false);
  });

  it('answers factuality with a category and closed-QA with Y/N', () => {
    const fact = (expert: string, submission: string) =>
      JSON.parse(
        gradeIfGraderPrompt(
          `Compare. Answer in JSON.\n[Question]: capital?\n[Expert]: ${expert}\n[Submission]: ${submission}\n`,
        ) ?? '{}',
      ) as { category: string };
    expect(fact('Paris', 'The capital is Paris, a large city')).toMatchObject({ category: 'B' });
    expect(fact('Paris is the capital', 'Berlin')).toMatchObject({ category: 'D' });
    const qa = (criterion: string) =>
      gradeIfGraderPrompt(
        `[BEGIN DATA]\n[Task]: q\n[Submission]: Paris is lovely\n[Criterion]: ${criterion}\n[END DATA]`,
      )
        ?.trim()
        .split('\n')
        .at(-1);
    expect(qa('mentions Paris')).toBe('Y');
    expect(qa('mentions London')).toBe('N');
  });

  it('select-best picks the output sharing most words with the criteria', () => {
    const prompt =
      'Select the best output for the criteria: mentions bananas and apples.\nOutput 0: I like pears.\nOutput 1: Bananas and apples are fruit.\nOutput 2: Nothing.';
    expect(gradeIfGraderPrompt(prompt)).toBe('1');
  });

  it("answer-relevance gets questions made of the answer's words", () => {
    const reply = gradeIfGraderPrompt(
      'Write 3 questions this answer responds to. Reply in JSON: {"questions": [string]}.\nAnswer:\nParis is the capital of France.',
    );
    const { questions } = JSON.parse(reply ?? '{}') as { questions: string[] };
    expect(questions).toHaveLength(3);
    for (const q of questions) expect(q).toMatch(/paris capital france\?$/);
  });

  it('leaves ordinary prompts to the normal answer', () => {
    expect(gradeIfGraderPrompt('Explain quantum computing in simple terms')).toBeUndefined();
  });
});

describe('fault specs', () => {
  it('parses counts, rates and status codes, and rejects unknown kinds', () => {
    expect(parseFaults('503:2,reset,truncate:0.25')).toEqual([
      { kind: 'status', status: 503, count: 2 },
      { kind: 'reset' },
      { kind: 'truncate', rate: 0.25 },
    ]);
    expect(() => parseFaults('explode')).toThrow(/Unknown fault/);
  });
});
