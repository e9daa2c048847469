// Hostile data-file structure: YAML alias bombs and very deep nesting end as one config error
// naming the file, in `eval`, in `validate` and through the library, instead of a heap or stack crash.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite.js';
import { runCli, writeFiles } from '../support/cli.js';

/** The classic "billion laughs": 10 levels of 10 aliases each (10^10 strings if expanded). */
function aliasBomb(): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 10; i++)
    lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\n`;
}

const deepJson = (levels: number) => `${'['.repeat(levels)}{"vars":{"q":"x"}}${']'.repeat(levels)}`;
const deepYaml = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}\n`;
const deepBlockYaml = (levels: number) =>
  `${Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`;

const config = (tests: string) => `prompts: ["Q: {{q}}"]\nproviders: [echo]\ntests: ${tests}\n`;

async function expectConfigError(
  files: Record<string, string>,
  command: 'eval' | 'validate',
  file: RegExp,
  reason: RegExp,
) {
  const dir = writeFiles(files);
  const args = command === 'eval' ? ['eval', '--no-progress-bar', '-o', join(dir, 'out.json')] : ['validate'];
  const run = await runCli(args, { cwd: dir, timeoutMs: 20_000 });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(file);
  expect(run.stderr).toMatch(reason);
  expect(run.stderr).not.toMatch(/Maximum call stack|heap out of memory|\n\s+at .+:\d+:\d+/);
}

/** The same bomb built from `$ref`s, which the YAML alias bound never sees: 9 levels of 10 refs each. */
function refBomb(indent = ''): string {
  const lines = [`${indent}l0: [${Array.from({ length: 10 }, () => '"lol"').join(', ')}]`];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `${indent}l${i}: [${Array.from({ length: 10 }, () => `{$ref: '#/${indent ? '0/metadata/' : ''}l${i - 1}'}`).join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('$ref bombs', () => {
  for (const command of ['eval', 'validate'] as const) {
    it(`are refused in the config file by ${command}`, async () => {
      await expectConfigError(
        { 'promptfooconfig.yaml': `${refBomb()}${config('[{vars: {q: hi}}]')}` },
        command,
        /promptfooconfig\.yaml/,
        /\$ref expands/,
      );
    });
  }

  it('are refused in a tests file', async () => {
    await expectConfigError(
      {
        'promptfooconfig.yaml': config('file://tests.yaml'),
        'tests.yaml': `- vars:\n    q: hi\n  metadata:\n${refBomb('    ')}`,
      },
      'validate',
      /tests\.yaml/,
      /\$ref expands/,
    );
  });
});

describe('YAML alias bombs', () => {
  for (const command of ['eval', 'validate'] as const) {
    it(`are refused in the config file by ${command}`, async () => {
      await expectConfigError(
        { 'promptfooconfig.yaml': `${aliasBomb()}${config('[{vars: {q: hi}}]')}` },
        command,
        /promptfooconfig\.yaml/,
        /aliases/,
      );
    });

    it(`are refused in a tests file by ${command}`, async () => {
      await expectConfigError(
        {
          'promptfooconfig.yaml': config('file://tests.yaml'),
          'tests.yaml': `- vars:\n    q: hi\n  metadata:\n${aliasBomb().replace(/^/gm, '    ')}`,
        },
        command,
        /tests\.yaml/,
        /aliases/,
      );
    });
  }

  it('are refused in a vars file and a defaultTest file through the library', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': `prompts: [hi]\nproviders: [echo]\ndefaultTest: file://default.yaml\n`,
      'default.yaml': `vars:\n  q: hi\nmetadata:\n${aliasBomb().replace(/^/gm, '  ')}`,
    });
    await expect(loadSuite({ cwd: dir })).rejects.toThrow(/default\.yaml[\s\S]*aliases/);
  });

  it('still allow a few aliases and merge keys', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': 'prompts: ["Q: {{q}}"]\nproviders: [echo]\ntests: file://tests.yaml\n',
      'tests.yaml': `${'base: &base {vars: {q: one}}\n'.replace('base: ', '- ')}- <<: *base\n  description: copy\n`,
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests.map((t) => t.vars?.q)).toEqual(['one', 'one']);
  });
});

describe('deeply nested data files', () => {
  for (const command of ['eval', 'validate'] as const) {
    it(`a 20,000-level JSON tests file is refused by ${command}, naming the file`, async () => {
      await expectConfigError(
        { 'promptfooconfig.yaml': config('file://tests.json'), 'tests.json': deepJson(20_000) },
        command,
        /tests\.json/,
        /levels deep/,
      );
    });

    it(`a 20,000-level YAML tests file is refused by ${command}, naming the file`, async () => {
      await expectConfigError(
        { 'promptfooconfig.yaml': config('file://tests.yaml'), 'tests.yaml': deepYaml(20_000) },
        command,
        /tests\.yaml/,
        /levels deep/,
      );
    });
  }

  it('a deep config file (JSON and block YAML) and a deep vars file are refused, naming the file', async () => {
    await expectConfigError(
      { 'promptfooconfig.json': `{"prompts":["hi"],"providers":["echo"],"metadata":${deepJson(20_000)}}` },
      'eval',
      /promptfooconfig\.json/,
      /levels deep/,
    );
    await expectConfigError(
      { 'promptfooconfig.yaml': `${config('[{vars: {q: hi}}]')}metadata:\n${deepBlockYaml(300).replace(/^/gm, '  ')}` },
      'validate',
      /promptfooconfig\.yaml/,
      /levels deep/,
    );
    const dir = writeFiles({
      'promptfooconfig.yaml': config('[{vars: file://vars.json}]'),
      'vars.json': `{"q":${deepJson(5_000)}}`,
    });
    await expect(loadSuite({ cwd: dir })).rejects.toThrow(/vars\.json[\s\S]*levels deep/);
  });
});
