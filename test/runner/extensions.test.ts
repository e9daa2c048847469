// extensions: hooks with promptfoo's context objects, loaded from JavaScript files.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { fixtureDir } from '../assertions/grade.js';

const hooks = `
const seen = [];
module.exports.beforeAll = async (context, { hookName }) => {
  seen.push(hookName);
  context.suite.tests.push({ description: 'added by hook', vars: { topic: 'kiwis' } });
  context.suite.defaultTest.assert = [...(context.suite.defaultTest.assert || []), { type: 'icontains', value: 'TELL' }];
  return context;
};
module.exports.beforeEach = async ({ test }) => ({ test: { ...test, vars: { ...test.vars, mood: 'happy' } } });
module.exports.legacy = async (hookName, context) => {
  seen.push(hookName);
  if (hookName === 'afterEach') { context.result.namedScores.hooked = 1; context.result.metadata.fromHook = context.test.vars.topic; }
  if (hookName === 'afterAll') {
    const fs = require('node:fs');
    fs.writeFileSync(__dirname + '/after-all.json', JSON.stringify({ seen, results: context.results.length, evalId: typeof context.evalId, tests: context.suite.tests.length }));
  }
};
`;

describe('extensions hooks', () => {
  it('beforeAll adds tests and default assertions, beforeEach edits tests, afterEach and afterAll see the results', async () => {
    const dir = fixtureDir({ 'hooks.js': hooks });
    const { results } = await evaluate(
      {
        prompts: ['Tell me about {{topic}} ({{mood}})'],
        providers: ['echo'],
        extensions: ['file://hooks.js:beforeAll', 'file://hooks.js:beforeEach', 'file://hooks.js:legacy'],
        defaultTest: { assert: [{ type: 'contains', value: 'Tell' }] },
        tests: [{ vars: { topic: 'bananas' }, assert: [{ type: 'starts-with', value: 'Tell' }] }],
      },
      { basePath: dir, cache: false },
    );
    expect(results.map((r) => r.response?.output)).toEqual([
      'Tell me about bananas (happy)',
      'Tell me about kiwis (happy)',
    ]);
    // The hook's default assertion reached the configured test and the added one, after the
    // config's defaults and before the test's own, in promptfoo's order (checked with 0.123.1).
    expect(results.map((r) => r.gradingResult?.componentResults?.map((c) => c.assertion?.type))).toEqual([
      ['contains', 'icontains', 'starts-with'],
      ['contains', 'icontains'],
    ]);
    expect(results.map((r) => [r.namedScores.hooked, r.metadata?.fromHook])).toEqual([
      [1, 'bananas'],
      [1, 'kiwis'],
    ]);
    const { readFileSync } = await import('node:fs');
    const afterAll = JSON.parse(readFileSync(`${dir}/after-all.json`, 'utf8'));
    expect(afterAll).toEqual({
      seen: ['beforeAll', 'beforeAll', 'beforeEach', 'beforeEach', 'afterEach', 'afterEach', 'afterAll'],
      results: 2,
      evalId: 'string',
      tests: 2,
    });
  });

  it('a hook that throws stops the run with one error naming the hook; a missing file is named', async () => {
    const dir = fixtureDir({ 'bad.js': "module.exports.beforeAll = () => { throw new Error('no database'); };" });
    const run = (extensions: string[]) =>
      evaluate({ prompts: ['hi'], providers: ['echo'], extensions }, { basePath: dir, cache: false });
    await expect(run(['file://bad.js:beforeAll'])).rejects.toThrow(
      /Extension hook beforeAll \(file:\/\/bad.js:beforeAll\) failed: no database/,
    );
    await expect(run(['file://missing.js:beforeAll'])).rejects.toThrow(/Extension file not found: .*missing\.js/);
    await expect(run(['hooks.js'])).rejects.toThrow(/must be a file reference such as file:\/\/hooks.js:beforeAll/);
  });
});
