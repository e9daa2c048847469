import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeFiles } from '../support/cli.js';

/** A user mistake: exit 1, one clear message, no stack trace, no output file left behind. */
async function expectCleanFailure(
  files: Record<string, string>,
  message: RegExp,
  args: string[] = [],
  env: Record<string, string> = {},
) {
  const dir = writeFiles(files);
  const run = await runCli(['eval', '--no-progress-bar', '-o', join(dir, 'out.json'), ...args], { cwd: dir, env });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(existsSync(join(dir, 'out.json'))).toBe(false);
  return { dir, run };
}

describe('bad input gives one clear error and exit 1', () => {
  it('names file, line and column for a YAML syntax error', async () => {
    await expectCleanFailure(
      { 'promptfooconfig.yaml': 'prompts:\n  - "unterminated\nproviders: [echo]\n' },
      /promptfooconfig\.yaml:\d+(:\d+)?/,
    );
  });

  it('names the key path for an invalid value', async () => {
    await expectCleanFailure(
      { 'promptfooconfig.yaml': 'prompts: [hi]\nproviders: [echo]\ntests:\n  - vars: 7\n' },
      /tests\[0\]\.vars|tests\.0\.vars/,
    );
  });

  it('names the path it looked for when a file:// target is missing', async () => {
    const { dir } = await expectCleanFailure(
      { 'promptfooconfig.yaml': 'prompts: [file://prompts/missing.txt]\nproviders: [echo]\n' },
      /missing\.txt/,
    );
    expect(readdirSync(dir)).toEqual(['promptfooconfig.yaml']);
  });

  it('lists known prefixes for an unknown provider', async () => {
    await expectCleanFailure(
      { 'promptfooconfig.yaml': 'prompts: [hi]\nproviders: [nosuch:model]\n' },
      /nosuch:model[\s\S]*echo/,
    );
  });

  it('names an unknown assertion type at load, before any provider call', async () => {
    await expectCleanFailure(
      {
        'promptfooconfig.yaml':
          'prompts: [hi]\nproviders: [echo]\ntests:\n  - assert:\n      - type: containz\n        value: x\n',
      },
      /tests\[0\]\.assert\[0\]\.type[\s\S]*containz/,
    );
  });

  it('rejects an invalid regex in an assertion at load', async () => {
    await expectCleanFailure(
      {
        'promptfooconfig.yaml':
          'prompts: [hi]\nproviders: [echo]\ntests:\n  - assert:\n      - type: regex\n        value: "a(b"\n',
      },
      /tests\[0\]\.assert\[0\]\.value[\s\S]*a\(b/,
    );
  });

  it('rejects a Nunjucks syntax error in a prompt at load', async () => {
    await expectCleanFailure(
      { 'promptfooconfig.yaml': 'prompts: ["hi {% if name %}x"]\nproviders: [echo]\n' },
      /prompts\[0\][\s\S]*Nunjucks[\s\S]*endif/,
    );
  });

  it('names the output path it cannot write, before running', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': "prompts: ['x']\nproviders: [echo]\n", afile: 'x' });
    const run = await runCli(['eval', '--no-progress-bar', '-o', join(dir, 'afile', 'out.json')], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Cannot write results to .*afile\/out\.json/);
    expect(run.stderr).not.toMatch(/Completed/);
  });

  it('says how to start when there is no config', async () => {
    await expectCleanFailure({ 'README.txt': 'nothing here' }, /assay init|-c/);
  });

  it('one problem shared by several providers is one line naming each (no Python for two Python providers)', async () => {
    const { run } = await expectCleanFailure(
      {
        'promptfooconfig.yaml': 'prompts: [hi]\nproviders:\n  - file://p.py\n  - id: file://p.py\n    label: second\n',
        'p.py': 'def call_api(prompt, options, context):\n    return {"output": prompt}\n',
      },
      /at providers\[0\], providers\[1\]: Could not load Python provider file:\/\/p\.py: Python 3 was not found/,
      [],
      { ASSAY_PYTHON: join(tmpdir(), 'no-such-python') },
    );
    expect(run.stderr.match(/Python 3 was not found/g)).toHaveLength(1);
  });

  it('rejects an unknown output format before running', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': "prompts: ['x']\nproviders: [echo]\n" });
    const run = await runCli(['eval', '--no-progress-bar', '-o', join(dir, 'out.docx')], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\.docx/);
  });

  it('rejects a flag value that makes no sense, naming the flag', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': "prompts: ['x']\nproviders: [echo]\n" });
    for (const [flag, value] of [
      ['--repeat', '0'],
      ['-j', 'abc'],
    ] as const) {
      const run = await runCli(['eval', '--no-progress-bar', flag, value], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/must be a whole number/);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('rejects a pass-rate threshold that is not a number before running, from the flag or the environment', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': "prompts: ['x']\nproviders: [echo]\n" });
    const flag = await runCli(['eval', '--no-progress-bar', '--pass-rate-threshold', 'abc'], { cwd: dir });
    expect(flag.code).toBe(1);
    expect(flag.stderr.trim()).toBe(
      'Error: --pass-rate-threshold must be a number (a percentage such as 90), got "abc"',
    );
    expect(flag.stdout).not.toMatch(/Eval complete/);
    const env = await runCli(['eval', '--no-progress-bar'], { cwd: dir, env: { ASSAY_PASS_RATE_THRESHOLD: 'most' } });
    expect(env.code).toBe(1);
    expect(env.stderr).toMatch(/ASSAY_PASS_RATE_THRESHOLD must be a number.*"most"/);
    expect(env.stdout).not.toMatch(/Eval complete/);
  });

  it('a misspelt key is a warning that names the key it probably meant; the eval still runs', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml':
        "prompts: ['hi {{ q }}']\nproviders: [echo]\ntests:\n  - vars: { q: there }\n    asert:\n      - type: equals\n        value: nope\n",
    });
    const run = await runCli(['eval', '--no-progress-bar'], { cwd: dir });
    expect(run.stderr).toMatch(/Warning: .*tests\[0\]\.asert: Unknown key "asert"\. Did you mean "assert"\?/);
    expect(run.code).toBe(0);
    const lint = await runCli(['validate'], { cwd: dir });
    expect(lint.code).toBe(1);
    expect(lint.stderr).toMatch(/Did you mean "assert"/);
  });

  it('a mistyped command names the real ones', async () => {
    const run = await runCli(['evl']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown command "evl"\. Commands: eval, validate/);
  });

  it('assay validate reports every problem at once', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml':
        'prompts: [hi]\nproviders: [nosuch:model]\ntests:\n  - assert:\n      - type: no-such-assertion\n',
    });
    const run = await runCli(['validate'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/nosuch:model/);
    expect(run.stderr).toMatch(/no-such-assertion/);
  });
});
