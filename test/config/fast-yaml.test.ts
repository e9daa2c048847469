// The fast block-YAML reader gives exactly what the yaml package gives, or gives up so the yaml
// package (with its line-numbered errors) reads the text instead.

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError } from '../../src/errors.js';
import { parseYamlFast } from '../../src/config/fast-yaml.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { fixture } from './fixture.js';

const full = (text: string): unknown => parse(text, { merge: true });

const readable: Record<string, string> = {
  'a suite with nested tests': [
    'description: demo # trailing comment',
    'prompts:',
    "  - 'Say {{topic}}'",
    '  - "Double \\"quoted\\" \\u00e9\\n"',
    'providers:',
    '- echo',
    '- id: openai:gpt-4o',
    '  config:',
    '    temperature: 0.5',
    '    max_tokens: 0x10',
    'tests:',
    '  - vars:',
    '      topic: C# and {{braces}}, [brackets]',
    '      n: -12',
    '      nothing:',
    '      tilde: ~',
    '      yes: yes',
    '    assert:',
    '      - type: contains',
    '        value: "a: b"',
    '      - - nested',
    '        - 1e3',
    '  -',
    '    description: "it\'s"',
    '',
  ].join('\n'),
  'block scalars': [
    'literal: |',
    '  line one',
    '',
    '    indented',
    '  # not a comment',
    'strip: |-',
    '  text',
    '',
    'keep: |+',
    '  text',
    '',
    '',
    'folded: >',
    '  one',
    '  two',
    '',
    '  three',
    'list:',
    '  - |',
    '    in a list',
    '  - >-',
    '    folded in a list',
    '',
  ].join('\n'),
  'numbers and words the core schema types': [
    'values:',
    ...['1', '-0', '0o17', '0x1F', '1.5', '.5', '1.', '1e3', '+.5e-3', '.inf', '-.Inf', '.nan', 'true', 'False'].map(
      (v) => `  - ${v}`,
    ),
    ...['NULL', '~', 'null', 'Null', 'yes', 'Off', '1_000', '0b101', '12:30', '2001-12-14', 'tRue'].map(
      (v) => `  - ${v}`,
    ),
    '',
  ].join('\n'),
  'Windows line endings': 'prompts:\r\n  - hello\r\nproviders: \r\n  - echo\r\n',
  'one-line flow collections': [
    "prompts: ['Tell me about {{topic}}']",
    'providers:',
    "  - { id: 'databricks:m', config: { isPayPerToken: true, temperature: 0 } }",
    '  - [a, b, ] # a comment',
    'tests:',
    '  - vars: { topic: lakehouses, n: -1.5, none: ~, "k":1 }',
    "    list: [[], {}, [ ], { }, [x , \"y\\\"z\", 'it''s'], {a: [b, {c: d e}]}, a#b]",
    '',
  ].join('\n'),
};

const needsFullParser: Record<string, string> = {
  'a flow collection over several lines': 'providers: [echo,\n  other]\n',
  'a flow collection with a comment inside': 'a: [b #c\n  ]\n',
  'a colon inside a flow scalar': 'providers: [openai:gpt-4o]\n',
  'a flow key with no value': 'a: {b}\n',
  'a flow key with an empty value': 'a: {b: }\n',
  'a one-pair mapping in a flow sequence': 'a: [b: 1]\n',
  'an empty flow entry': 'a: [b,,c]\n',
  'a non-string flow key': 'a: {1: b}\n',
  'a duplicate flow key': 'a: {b: 1, b: 2}\n',
  'a flow merge key': 'a: {<<: {b: 1}}\n',
  'text after a flow collection': 'a: [b]c\n',
  'a lone dash in a flow mapping': 'a: {b: -}\n',
  'an unbalanced flow collection': 'a: {b: [1}\n',
  'a top-level flow collection': '{a: 1}\n',
  'an anchor and alias': 'a: &x 1\nb: *x\n',
  'a merge key': 'base:\n  a: 1\nmore:\n  <<: {a: 2}\n',
  'a multi-line plain scalar': 'a: one\n  two\n',
  'a duplicate key': 'a: 1\na: 2\n',
  'a tab': 'a:\t1\n',
  'a non-string key': '1: one\n',
  'an unclosed quote': 'a: "open\n  still\n',
  'a nested mapping on one line': 'a: b: c\n',
  'a document marker': '---\na: 1\n',
  'a tag': 'a: !!str 1\n',
  'a scalar document': 'just text\n',
  'an empty document': '# nothing\n',
  'bad indentation': 'a:\n    b: 1\n  c: 2\n',
};

describe('the fast YAML reader', () => {
  for (const [name, text] of Object.entries(readable)) {
    it(`reads ${name} as the yaml package does`, () => {
      const value = parseYamlFast(text);
      expect(value).toBeDefined();
      expect(value).toEqual(full(text));
    });
  }

  for (const [name, text] of Object.entries(needsFullParser)) {
    it(`leaves ${name} to the yaml package`, () => {
      expect(parseYamlFast(text)).toBeUndefined();
    });
  }

  it('still reports a YAML error deep in a large suite with its line', async () => {
    const tests = Array.from({ length: 2_000 }, (_, i) => `  - vars:\n      n: ${i}`);
    tests[1_500] = '  - vars:\n      n: "unclosed';
    const dir = fixture({
      'promptfooconfig.yaml': `prompts: ["{{n}}"]\nproviders: [echo]\ntests:\n${tests.join('\n')}\n`,
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.code).toBe('CONFIG_YAML_SYNTAX');
    expect(err.location.line).toBeGreaterThanOrEqual(3 + 1_500 * 2);
  });

  it('points a schema problem in a fast-read file at its key path and line', async () => {
    const dir = fixture({
      'promptfooconfig.yaml':
        'prompts:\n  - hi\nproviders:\n  - echo\ntests:\n  - vars:\n      a: 1\n    threshold: high\n',
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.location).toMatchObject({ file: 'promptfooconfig.yaml', keyPath: 'tests[0].threshold', line: 8 });
  });
});
