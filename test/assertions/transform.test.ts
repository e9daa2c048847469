import { describe, expect, it } from 'vitest';
import { transformOutput } from '../../src/assertions/script/transform.js';
import { fixtureDir } from './grade.js';

const context = { vars: { name: 'Ada' }, prompt: 'Say hi' };

describe('transformOutput', () => {
  it('runs a one-line expression with output and context', async () => {
    expect(await transformOutput('output.toUpperCase()', 'hi', context, process.cwd())).toBe('HI');
    expect(
      await transformOutput(
        "output + ' ' + context.vars.name + ' / ' + context.prompt.raw",
        'hi',
        context,
        process.cwd(),
      ),
    ).toBe('hi Ada / Say hi');
    expect(await transformOutput("output.replace('return', 'give')", 'return it', context, process.cwd())).toBe(
      'give it',
    );
  });

  it('runs a multi-line body and a function string', async () => {
    expect(
      await transformOutput(
        'const o = JSON.parse(output);\nreturn o.answer;',
        '{"answer": 42}',
        context,
        process.cwd(),
      ),
    ).toBe(42);
    expect(
      await transformOutput(
        '(output, context) => output.length + context.vars.name.length',
        'abc',
        context,
        process.cwd(),
      ),
    ).toBe(6);
    expect(
      await transformOutput('function (output) {\n  return output.trim();\n}', '  x  ', context, process.cwd()),
    ).toBe('x');
  });

  it('passes structured output through to the code', async () => {
    expect(
      await transformOutput(
        'output.tool_calls[0].function.name',
        { tool_calls: [{ function: { name: 'get_weather' } }] },
        context,
        process.cwd(),
      ),
    ).toBe('get_weather');
  });

  it('loads file://x.js default and named exports relative to the base path', async () => {
    const dir = fixtureDir({
      'tx.mjs':
        'export default (o) => o + "!";\nexport function shout(o, ctx) { return o.toUpperCase() + " " + ctx.vars.name; }',
    });
    expect(await transformOutput('file://tx.mjs', 'hi', context, dir)).toBe('hi!');
    expect(await transformOutput('file://tx.mjs:shout', 'hi', context, dir)).toBe('HI Ada');
  });

  it('accepts a function value', async () => {
    expect(await transformOutput((output: unknown) => `${String(output)}?`, 'hi', context, process.cwd())).toBe('hi?');
  });

  it('fails clearly when the code throws or returns nothing', async () => {
    await expect(transformOutput('JSON.parse(output)', 'not json', context, process.cwd())).rejects.toThrow(
      /^Transform failed \(JSON\.parse\(output\)\): /,
    );
    await expect(transformOutput('undefined', 'x', context, process.cwd())).rejects.toThrow(/did not return a value/);
  });
});
