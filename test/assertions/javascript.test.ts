import { describe, expect, it } from 'vitest';
import { loadScript } from '../../src/assertions/script/script-cache.js';
import { fixtureDir, grade, gradeOne } from './grade.js';

describe('javascript assertion', () => {
  it('a single expression returning a boolean', async () => {
    const value = 'JSON.parse(output).rating >= 1 && JSON.parse(output).rating <= 5';
    expect(await gradeOne({ type: 'javascript', value }, '{"rating": 4}')).toMatchObject({ pass: true, score: 1 });
    const miss = await gradeOne({ type: 'javascript', value }, '{"rating": 9}');
    expect(miss).toMatchObject({ pass: false, score: 0, reason: `Custom function returned false\n${value}` });
  });

  it('gets structured output as an object, not text', async () => {
    const call = { name: 'get_weather', arguments: { location: 'New York, NY' } };
    expect(
      (await gradeOne({ type: 'javascript', value: "output.arguments.location.includes('New York')" }, call)).pass,
    ).toBe(true);
  });

  it('json_schema replies pass both JSON.parse(output).field and output.field checks', async () => {
    const text = '{"rating": 4, "summary": "good"}';
    const response = {
      output: text,
      metadata: { parsedOutput: { rating: 4, summary: 'good' }, responseFormat: 'json_schema' },
    };
    const parsedStyle = 'JSON.parse(output).rating >= 1 && JSON.parse(output).rating <= 5';
    expect((await gradeOne({ type: 'javascript', value: parsedStyle }, text, { response })).pass).toBe(true);
    expect(
      (
        await gradeOne({ type: 'javascript', value: 'output.rating === 4 && output.includes("good")' }, text, {
          response,
        })
      ).pass,
    ).toBe(true);
    // Without a parsed value on the response, fields are not invented.
    expect((await gradeOne({ type: 'javascript', value: 'output.rating === 4' }, text)).pass).toBe(false);
  });

  it('declarations on one line return the last expression; multi-line bodies return explicitly', async () => {
    expect(
      (await gradeOne({ type: 'javascript', value: 'const s = JSON.parse(output).score; s > 0.5;' }, '{"score": 0.7}'))
        .pass,
    ).toBe(true);
    expect((await gradeOne({ type: 'javascript', value: "const s = output; s === 'a;b'" }, 'a;b')).pass).toBe(true);
    const body = 'const words = output.split(" ");\nreturn words.length === 2;\n';
    expect((await gradeOne({ type: 'javascript', value: body }, 'hello world')).pass).toBe(true);
    expect((await gradeOne({ type: 'javascript', value: '(output) => output.length > 3' }, 'long enough')).pass).toBe(
      true,
    );
  });

  it('sees vars, prompt, test, config and the provider response in context', async () => {
    const value =
      "context.vars.topic === 'cats' && context.prompt === 'Tell me about cats' && context.config.min === 2 && context.providerResponse.cost === 0.5 && context.test.vars.topic === 'cats'";
    const result = await gradeOne({ type: 'javascript', value, config: { min: 2 } }, 'ok', {
      vars: { topic: 'cats' },
      prompt: 'Tell me about cats',
      response: { output: 'ok', cost: 0.5 },
    });
    expect(result.pass).toBe(true);
  });

  it('a number is the score: passes above 0, or at/above the threshold', async () => {
    expect(await gradeOne({ type: 'javascript', value: 'output.length / 10' }, 'abcde')).toMatchObject({
      pass: true,
      score: 0.5,
    });
    expect(await gradeOne({ type: 'javascript', value: '0' }, 'x')).toMatchObject({ pass: false, score: 0 });
    expect(await gradeOne({ type: 'javascript', value: 'output.length / 10', threshold: 0.8 }, 'abcde')).toMatchObject({
      pass: false,
      score: 0.5,
    });
    // not- flips pass but keeps a numeric score.
    expect(await gradeOne({ type: 'not-javascript', value: '0.3' }, 'x')).toMatchObject({ pass: false, score: 0.3 });
  });

  it('a GradingResult is used as returned', async () => {
    const value = "({ pass: output.includes('ok'), score: 0.75, reason: 'looked for ok', namedScores: { tone: 0.9 } })";
    const result = await grade([{ type: 'javascript', value }], 'ok then');
    expect(result.componentResults![0]).toMatchObject({ pass: true, score: 0.75, reason: 'looked for ok' });
    expect(result.namedScores).toEqual({ tone: 0.9 });
    expect(await gradeOne({ type: 'not-javascript', value }, 'ok')).toMatchObject({
      pass: false,
      score: 0.75,
      reason: 'looked for ok',
    });
  });

  it('not-javascript with a boolean flips pass and score', async () => {
    expect(await gradeOne({ type: 'not-javascript', value: 'false' }, 'x')).toMatchObject({ pass: true, score: 1 });
    expect(await gradeOne({ type: 'not-javascript', value: 'true' }, 'x')).toMatchObject({
      pass: false,
      score: 0,
      reason: 'Custom function returned true\ntrue',
    });
  });

  it('a thrown error fails with its message, even when negated; bad return types fail', async () => {
    const thrown = await gradeOne({ type: 'not-javascript', value: 'JSON.parse(output).x' }, 'not json');
    expect(thrown.pass).toBe(false);
    expect(thrown.reason).toMatch(/^Custom function threw error: .*JSON/);
    const wrong = await gradeOne({ type: 'javascript', value: "'yes'" }, 'x');
    expect(wrong).toMatchObject({
      pass: false,
      reason: 'Custom function must return a boolean, a finite number, or a GradingResult object. Got string.',
    });
  });

  it('runs file://x.js default and named exports with (output, context)', async () => {
    const dir = fixtureDir({
      'checks.mjs': [
        'export default (output) => output.startsWith("Hi");',
        'export function scored(output, context) { return { pass: true, score: output.length / context.vars.max, reason: "scored" }; }',
        'export const asyncCheck = async (output) => output === "later";',
      ].join('\n'),
    });
    const opts = { basePath: dir, vars: { max: 10 } };
    expect((await gradeOne({ type: 'javascript', value: 'file://checks.mjs' }, 'Hi there', opts)).pass).toBe(true);
    expect(await gradeOne({ type: 'javascript', value: 'file://checks.mjs:scored' }, 'abcd', opts)).toMatchObject({
      pass: true,
      score: 0.4,
      reason: 'scored',
    });
    expect((await gradeOne({ type: 'javascript', value: 'file://checks.mjs:asyncCheck' }, 'later', opts)).pass).toBe(
      true,
    );
    const missing = await gradeOne({ type: 'javascript', value: 'file://checks.mjs:nope' }, 'x', opts);
    expect(missing.reason).toMatch(/no export named "nope"/);
  });

  it('a file://x.js value for another type produces the expected value', async () => {
    const dir = fixtureDir({ 'expected.mjs': 'export function city(output, context) { return context.vars.city; }' });
    const result = await gradeOne({ type: 'icontains', value: 'file://expected.mjs:city' }, 'I love PARIS', {
      basePath: dir,
      vars: { city: 'paris' },
    });
    expect(result.pass).toBe(true);
  });

  it('renders templates in the code with the vars', async () => {
    expect(
      (await gradeOne({ type: 'javascript', value: "output === '{{ answer }}'" }, '42', { vars: { answer: 42 } })).pass,
    ).toBe(true);
  });

  it('compiles each distinct snippet once across rows', async () => {
    const options = { basePath: process.cwd(), what: 'test', style: 'assertion' as const, inputName: 'output' };
    const first = await loadScript('output.length > 1', options);
    expect(await loadScript('output.length > 1', options)).toBe(first);
    expect(await loadScript('output.length > 2', options)).not.toBe(first);
  });
});
