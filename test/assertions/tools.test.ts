import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/providers/types.js';
import { weatherTool } from '../support/weather-tool.js';
import { fixtureDir, gradeOne } from './grade.js';

// The Llama API seed example: a provider declaring get_weather with a parameters schema.
const llama = (config: Record<string, unknown> = { tools: [weatherTool] }): Provider => ({
  id: () => 'llamaapi:Llama-4-Maverick-17B-128E-Instruct-FP8',
  config,
  call: async () => ({}),
});

/** A tool call in Assay's output shape. */
const call = (name: string, args: Record<string, unknown>) => ({
  id: 'call_1',
  type: 'function',
  name,
  arguments: args,
  function: { name, arguments: JSON.stringify(args) },
});

describe('function-call', () => {
  it('passes the seed example: get_weather called with a location', async () => {
    const output = call('get_weather', { location: 'New York, NY' });
    expect(
      await gradeOne({ type: 'function-call', value: 'get_weather' }, output, { provider: llama() }),
    ).toMatchObject({ pass: true });
    // The seed's companion assertion reads the parsed arguments.
    expect(
      (await gradeOne({ type: 'javascript', value: "output.arguments.location.includes('New York')" }, output)).pass,
    ).toBe(true);
  });

  it('reads the documented single-call shape that also carries tool_calls (docs/output-shapes.md)', async () => {
    const wire = JSON.stringify({ location: 'New York, NY', unit: 'celsius' });
    const output = {
      ...call('get_weather', { location: 'New York, NY', unit: 'celsius' }),
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: wire } }],
    };
    expect((await gradeOne({ type: 'function-call', value: 'get_weather' }, output, { provider: llama() })).pass).toBe(
      true,
    );
    expect((await gradeOne({ type: 'is-valid-openai-tools-call' }, output, { provider: llama() })).pass).toBe(true);
    const raw = {
      name: 'get_weather',
      arguments: '{"location": ',
      function: { name: 'get_weather', arguments: '{"location": ' },
    };
    expect(
      (await gradeOne({ type: 'function-call', value: 'get_weather' }, raw, { provider: llama() })).reason,
    ).toMatch(/not valid JSON/);
  });

  it('fails when the arguments miss a required property, or another function is called', async () => {
    const missing = await gradeOne(
      { type: 'function-call', value: 'get_weather' },
      call('get_weather', { unit: 'celsius' }),
      { provider: llama() },
    );
    expect(missing.pass).toBe(false);
    expect(missing.reason).toMatch(/Call to "get_weather" does not match its parameters schema: .*location/);
    const wrong = await gradeOne(
      { type: 'function-call', value: 'get_weather' },
      call('get_time', { location: 'Paris' }),
      { provider: llama() },
    );
    expect(wrong).toMatchObject({
      pass: false,
      reason: 'Expected a call to "get_weather", but the output calls "get_time"',
    });
    const text = await gradeOne({ type: 'function-call', value: 'get_weather' }, 'It is sunny.', { provider: llama() });
    expect(text.reason).toMatch(/Expected a tool call to "get_weather", but the output holds none/);
  });

  it('with no value any valid call passes; without declared tools only the name is checked', async () => {
    expect(
      (await gradeOne({ type: 'function-call' }, [call('get_weather', { location: 'Oslo' })], { provider: llama() }))
        .pass,
    ).toBe(true);
    expect((await gradeOne({ type: 'function-call' }, call('get_weather', {}), { provider: llama() })).pass).toBe(
      false,
    );
    expect(
      (
        await gradeOne({ type: 'function-call', value: 'get_weather' }, call('get_weather', {}), {
          provider: llama({}),
        })
      ).pass,
    ).toBe(true);
  });

  it('accepts OpenAI shapes: tool_calls, function_call, and arrays of {type, function}', async () => {
    const args = JSON.stringify({ location: 'Rome' });
    const shapes = [
      { tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: args } }] },
      { function_call: { name: 'get_weather', arguments: args } },
      [{ type: 'function', function: { name: 'get_weather', arguments: args } }],
      JSON.stringify([{ type: 'function', function: { name: 'get_weather', arguments: args } }]),
    ];
    for (const output of shapes) {
      expect(
        (await gradeOne({ type: 'function-call', value: 'get_weather' }, output, { provider: llama() })).pass,
      ).toBe(true);
    }
    const badJson = { function_call: { name: 'get_weather', arguments: '{location:' } };
    expect(
      (await gradeOne({ type: 'function-call', value: 'get_weather' }, badJson, { provider: llama() })).reason,
    ).toMatch(/not valid JSON/);
  });

  it('validates against `functions` too, and tools loaded from a file', async () => {
    const functions = [{ name: 'get_weather', parameters: weatherTool.function.parameters }];
    const provider = llama({ functions });
    expect(
      (await gradeOne({ type: 'function-call', value: 'get_weather' }, call('get_weather', {}), { provider })).pass,
    ).toBe(false);
    const dir = fixtureDir({ 'tools.json': JSON.stringify([weatherTool]) });
    const fromFile = llama({ tools: 'file://tools.json' });
    expect(
      (
        await gradeOne({ type: 'function-call', value: 'get_weather' }, call('get_weather', { location: 'Oslo' }), {
          provider: fromFile,
          basePath: dir,
        })
      ).pass,
    ).toBe(true);
  });
});

describe('is-valid-openai-tools-call and friends', () => {
  it('the seed output passes; every call must fit its declared tool', async () => {
    const good = call('get_weather', { location: 'New York, NY' });
    for (const type of ['is-valid-openai-tools-call', 'is-valid-openai-function-call', 'is-valid-function-call']) {
      expect((await gradeOne({ type }, good, { provider: llama() })).pass).toBe(true);
    }
    const mixed = [good, call('get_weather', { location: 'Oslo', unit: 'kelvin' })];
    expect((await gradeOne({ type: 'is-valid-openai-tools-call' }, mixed, { provider: llama() })).reason).toMatch(
      /does not match its parameters schema/,
    );
    expect(
      (await gradeOne({ type: 'is-valid-openai-tools-call' }, [call('delete_all', {})], { provider: llama() })).reason,
    ).toMatch(/no tool with that name \(declared: get_weather\)/);
  });

  it('fails with guidance when the provider declares no tools', async () => {
    const result = await gradeOne({ type: 'is-valid-openai-tools-call' }, call('get_weather', { location: 'x' }), {
      provider: llama({}),
    });
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/declares no tools or functions.*add `tools:`/);
  });
});

describe('tool-call-f1', () => {
  it('scores the F1 of called against expected tool names (threshold 1 by default)', async () => {
    const output = [call('search', {}), call('get_weather', {})];
    expect(await gradeOne({ type: 'tool-call-f1', value: ['search', 'get_weather'] }, output)).toMatchObject({
      pass: true,
      score: 1,
    });
    const partial = await gradeOne({ type: 'tool-call-f1', value: 'search, get_weather, book' }, output);
    expect(partial.pass).toBe(false);
    expect(partial.score).toBeCloseTo(0.8);
    expect(
      (await gradeOne({ type: 'tool-call-f1', value: 'search, get_weather, book', threshold: 0.75 }, output)).pass,
    ).toBe(true);
  });

  it('finds calls serialized one per line in text output; no calls scores 0', async () => {
    const text =
      '{"type":"function","function":{"name":"search","arguments":"{}"}}\n{"type":"function","function":{"name":"book","arguments":"{}"}}';
    expect(await gradeOne({ type: 'tool-call-f1', value: ['search', 'book'] }, text)).toMatchObject({
      pass: true,
      score: 1,
    });
    expect(await gradeOne({ type: 'tool-call-f1', value: 'search' }, 'no tools here')).toMatchObject({
      pass: false,
      score: 0,
    });
  });
});
