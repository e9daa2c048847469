import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseAssertionString } from '../../src/suite/assertion-string.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { fixture } from '../config/fixture.js';

const head = 'prompts: ["{{q}}"]\nproviders: [echo]\n';

describe('tests', () => {
  it('reads CSV rows: vars, __expected columns, __description, __metric, __threshold, metadata and per-assertion thresholds', async () => {
    const csv = [
      'q,lang,__expected,__expected1,__expected2,__description,__metric,__threshold,__metadata:tags[],__config:__expected1:threshold',
      'What is 2+2?,en,contains: 4,javascript: output.length < 50,grade: is polite,adds,math,0.5,"a,b\\,c",0.9',
      '"Say ""hi""",fr,Bonjour,,,,,,,',
    ].join('\n');
    const dir = fixture({ 'promptfooconfig.yaml': `${head}tests: file://tests.csv\n`, 'tests.csv': csv });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests).toEqual([
      {
        description: 'adds',
        vars: { q: 'What is 2+2?', lang: 'en' },
        threshold: 0.5,
        metadata: { tags: ['a', 'b,c'] },
        assert: [
          { type: 'contains', value: '4', metric: 'math' },
          { type: 'javascript', value: 'output.length < 50', metric: 'math', threshold: 0.9 },
          { type: 'llm-rubric', value: 'is polite', metric: 'math' },
        ],
      },
      { description: 'Row #2', vars: { q: 'Say "hi"', lang: 'fr' }, assert: [{ type: 'equals', value: 'Bonjour' }] },
    ]);
  });

  it.each([
    ['__expected,topic,n,topic,10', 'contains: b,a,1,b,ten', 'topic a,c,2,c,'],
    ['__expected,topic,n,topic,__proto__,10', 'contains: b,a,1,b,x,ten', 'topic a,c,2,c,y,'],
  ])('reads CSV rows the same whatever the column order, repeated var names and odd names (%s)', async (...rows) => {
    const dir = fixture({ 'promptfooconfig.yaml': `${head}tests: file://tests.csv\n`, 'tests.csv': rows.join('\n') });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests).toEqual([
      { vars: { 10: 'ten', topic: 'b', n: '1' }, assert: [{ type: 'contains', value: 'b' }], description: 'Row #1' },
      { vars: { 10: '', topic: 'c', n: '2' }, assert: [{ type: 'equals', value: 'topic a' }], description: 'Row #2' },
    ]);
    const vars = suite.tests[0]!.vars as Record<string, unknown>;
    // Keys in the order a row's cells were assigned, and `__proto__` still no key of its own.
    expect(Object.keys(vars)).toEqual(['10', 'topic', 'n']);
    expect(Object.hasOwn(vars, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(vars)).toBe(Object.prototype);
  });

  it('parses the assertion shorthand like promptfoo', () => {
    expect(parseAssertionString('not-contains: foo')).toEqual({ type: 'not-contains', value: 'foo' });
    expect(parseAssertionString('icontains-any: a, b,"c, d"')).toEqual({
      type: 'icontains-any',
      value: ['a', 'b', 'c, d'],
    });
    expect(parseAssertionString('similar(0.9):the sky')).toEqual({ type: 'similar', value: 'the sky', threshold: 0.9 });
    expect(parseAssertionString('similar:hello')).toEqual({ type: 'similar', value: 'hello', threshold: 0.8 });
    expect(parseAssertionString('starts-with:Yes')).toEqual({ type: 'starts-with', value: 'Yes', threshold: 0.75 });
    expect(parseAssertionString('is-json')).toEqual({ type: 'is-json' });
    expect(parseAssertionString('fn: output === "x"')).toEqual({ type: 'javascript', value: 'output === "x"' });
    expect(parseAssertionString('file://check.py:run')).toEqual({ type: 'python', value: 'file://check.py:run' });
    expect(parseAssertionString('Paris')).toEqual({ type: 'equals', value: 'Paris' });
    expect(parseAssertionString('hello: world')).toEqual({ type: 'equals', value: 'hello: world' });
  });

  it('merges defaultTest into every test: vars/options/metadata shallow, asserts concatenated defaults first', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': [
        head,
        'metadata: {team: evals}',
        'defaultTest:',
        '  vars: {lang: en, tone: dry}',
        '  options: {transform: output.trim(), prefix: "P:"}',
        '  metadata: {suite: smoke}',
        '  threshold: 0.5',
        '  assert: [{type: is-json}]',
        'tests:',
        '  - vars: {q: one, tone: warm}',
        '    options: {transform: output.toUpperCase()}',
        '    assert: [{type: contains, value: x}]',
        '  - vars: {q: two}',
        '    threshold: 0.9',
        '    metadata: {suite: other}',
        '    options: {disableDefaultAsserts: true}',
      ].join('\n'),
    });
    const [one, two] = (await loadSuite({ cwd: dir, overrides: { vars: { extra: 'v' }, grader: 'echo' } })).tests;
    expect(one).toEqual({
      vars: { lang: 'en', tone: 'warm', extra: 'v', q: 'one' },
      options: { transform: 'output.toUpperCase()', prefix: 'P:', provider: 'echo' },
      metadata: { team: 'evals', suite: 'smoke' },
      threshold: 0.5,
      assert: [{ type: 'is-json' }, { type: 'contains', value: 'x' }],
    });
    expect(two!.threshold).toBe(0.9);
    expect(two!.metadata).toEqual({ team: 'evals', suite: 'other' });
    expect(two!.assert).toEqual([]);
  });

  it('reads defaultTest and tests from files, globs, JSON, JSONL and vars files; keeps vars unexpanded', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': `${head}defaultTest: file://default.yaml\ntests:\n  - file://cases/*.yaml\n  - file://more.jsonl\n  - file://one.json\n  - vars: file://vars.yaml\n`,
      'default.yaml': 'assert: [{type: is-json}]\n',
      'cases/a.yaml': '- vars: {q: [a1, a2]}\n',
      'cases/b.yaml': 'vars: {q: b}\n',
      'more.jsonl': '{"vars": {"q": "j1"}}\n\n{"vars": {"q": "j2"}}\n',
      'one.json': '[{"vars": {"q": "json"}}]',
      'vars.yaml': 'q: from-vars-file\n',
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests.map((t) => t.vars?.q)).toEqual([['a1', 'a2'], 'b', 'j1', 'j2', 'json', 'from-vars-file']);
    expect(suite.tests.every((t) => t.assert?.[0]?.type === 'is-json')).toBe(true);
    expect(suite.defaultTest?.assert).toEqual([{ type: 'is-json' }]);
  });

  it('expands file:// globs in vars to lists at load time', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': `${head}tests:\n  - vars: {doc: file://docs/*.txt}\n`,
      'docs/1.txt': 'one',
      'docs/2.txt': 'two',
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests[0]!.vars!.doc).toEqual([`file://${dir}/docs/1.txt`, `file://${dir}/docs/2.txt`]);
  });

  it('fails on a missing file:// target naming the absolute path and the key path', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': `${head}tests:\n  - vars: {q: hi}\n  - vars: {doc: file://docs/missing.md}\n`,
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.code).toBe('FILE_NOT_FOUND');
    expect(err.message).toContain(`${dir}/docs/missing.md`);
    expect(err.location).toMatchObject({ file: 'promptfooconfig.yaml', keyPath: 'tests[1].vars.doc' });
  });

  it('reports a CSV threshold that is not a number with the file, row and column', async () => {
    const csv = 'q,__threshold\nok,0.5\nbad,lots\n';
    const dir = fixture({ 'promptfooconfig.yaml': `${head}tests: file://tests.csv\n`, 'tests.csv': csv });
    const err = await loadSuite({ cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(/__threshold.*"lots"/);
    expect((err as ConfigError).location).toMatchObject({ file: 'tests.csv', keyPath: '[1].threshold' });
  });

  it('rejects a CSV row with more or fewer cells than the header, naming the line, instead of shifting vars', async () => {
    const csv = 'q,__expected\nfine,contains:f\nbananas, apples,contains:b\n';
    const dir = fixture({ 'promptfooconfig.yaml': `${head}tests: file://tests.csv\n`, 'tests.csv': csv });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/tests\.csv:3: the row has 3 cells but the header has 2 columns.*double quotes/);
  });

  it('reads a CSV with a stray quote by retrying with relaxed quotes, header row excluded', async () => {
    const csv = 'q,__expected,__description\n"kiwis" ,contains:k,first\nplain,,\n';
    const dir = fixture({ 'promptfooconfig.yaml': `${head}tests: file://tests.csv\n`, 'tests.csv': csv });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests).toEqual([
      { vars: { q: '"kiwis" ' }, description: 'first', assert: [{ type: 'contains', value: 'k' }] },
      { vars: { q: 'plain' }, description: 'Row #2' },
    ]);
    expect(Object.keys(suite.tests[0]!)).toEqual(['vars', 'description', 'assert']);
  });

  it('reports a bad test in a tests file with that file and index', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': `${head}tests: file://t.yaml\n`,
      't.yaml': '- vars: {q: ok}\n- vars: {q: x}\n  threshold: lots\n',
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err.location).toMatchObject({ file: 't.yaml', keyPath: '[1].threshold' });
  });

  it('runs one empty test when the config has none, and appends scenario tests', async () => {
    const none = await loadSuite({ cwd: fixture({ 'promptfooconfig.yaml': head }) });
    expect(none.tests).toEqual([{}]);
    const dir = fixture({
      'promptfooconfig.yaml': `${head}scenarios:\n  - config:\n      - vars: {lang: en}\n      - vars: {lang: fr}\n    tests:\n      - vars: {q: hello}\n`,
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests.map((t) => [t.vars, t.metadata?.conversationId])).toEqual([
      [{ lang: 'en', q: 'hello' }, '__scenario_0__'],
      [{ lang: 'fr', q: 'hello' }, '__scenario_1__'],
    ]);
  });
});
