// promptfoo config surface: `$ref` to shared blocks, file:// paths inside included test files,
// a missing assertion file that breaks only its own test, and CSV read as tolerantly as promptfoo.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeFiles } from '../support/cli.js';

type Row = {
  success: boolean;
  error?: string;
  vars: Record<string, unknown>;
  response?: { output?: unknown };
  gradingResult?: { componentResults?: Array<{ assertion?: { type: string; value?: unknown } }> };
};

async function evalRows(files: Record<string, string>, args: string[] = []) {
  const dir = writeFiles(files);
  const run = await runCli(['eval', '--no-progress-bar', '-o', 'out.json', ...args], { cwd: dir });
  const rows = (() => {
    try {
      return JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results.results as Row[];
    } catch {
      return [] as Row[];
    }
  })();
  return { run, rows };
}

describe('config surface', () => {
  it("$ref: '#/assertionTemplates/…' uses the shared assertion; sibling keys override it", async () => {
    const { run, rows } = await evalRows({
      'promptfooconfig.yaml': `prompts: ['Tell me about {{topic}}']
providers: [echo]
assertionTemplates:
  mentionsTopic: { type: icontains, value: '{{topic}}', metric: topic }
tests:
  - vars: { topic: bananas }
    assert:
      - $ref: '#/assertionTemplates/mentionsTopic'
      - $ref: '#/assertionTemplates/mentionsTopic'
        value: about
`,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(rows[0]!.gradingResult!.componentResults!.map((c) => [c.assertion!.type, c.assertion!.value])).toEqual([
      ['icontains', '{{topic}}'],
      ['icontains', 'about'],
    ]);
  });

  it('$ref inside an included tests file points into that file', async () => {
    const { run, rows } = await evalRows({
      'promptfooconfig.yaml': "prompts: ['Tell me about {{topic}}']\nproviders: [echo]\ntests: file://tests.yaml\n",
      'tests.yaml':
        "- vars: { topic: kiwis }\n  assert: [{ $ref: '#/1/assert/0' }]\n- vars: { topic: kiwis too }\n  assert: [{ type: contains, value: kiwis }]\n",
    });
    expect(run.stderr).toBe('');
    expect(rows.map((r) => r.gradingResult!.componentResults!.map((c) => c.assertion!.type))).toEqual([
      ['contains'],
      ['contains'],
    ]);
  });

  it('a $ref that points nowhere in the config is left for JSON schemas; a cycle is one clear error', async () => {
    const schema = {
      type: 'object',
      properties: { a: { $ref: '#/definitions/n' } },
      definitions: { n: { type: 'number' } },
    };
    const ok = await evalRows({
      'promptfooconfig.yaml': `prompts: ['{"a": 1}']\nproviders: [echo]\ntests:\n  - assert:\n      - type: is-json\n        value: ${JSON.stringify(schema)}\n`,
    });
    expect(ok.run.code).toBe(0);
    const loop = await evalRows({
      'promptfooconfig.yaml': `prompts: ['hi']\nproviders: [echo]\nx: { $ref: '#/y' }\ny: { $ref: '#/x' }\n`,
    });
    expect(loop.run.code).toBe(1);
    expect(loop.run.stderr).toMatch(/\$ref "#\/(x|y)" refers to itself/);
  });

  it("file:// paths inside an included tests file resolve against that file's folder", async () => {
    const { run, rows } = await evalRows({
      'promptfooconfig.yaml':
        "prompts: ['Tell me about {{topic}}']\nproviders: [echo]\ntests: file://suite/tests.yaml\n",
      'suite/tests.yaml':
        '- vars: { topic: file://data/topic.txt }\n  assert:\n    - type: javascript\n      value: file://checks/mentions.js\n',
      'suite/data/topic.txt': 'kiwis from the subfolder',
      'suite/checks/mentions.js': "module.exports = (output) => output.includes('subfolder');",
    });
    expect(run.stderr).toBe('');
    expect(rows.map((r) => [r.success, r.response?.output])).toEqual([
      [true, 'Tell me about kiwis from the subfolder'],
    ]);
  });

  it("a missing file in one test's assertion errors that test's rows only", async () => {
    const { run, rows } = await evalRows({
      'promptfooconfig.yaml': `prompts: ['hi {{n}}']
providers: [echo]
tests:
  - vars: { n: 1 }
    assert: [{ type: contains, value: hi }]
  - vars: { n: 2 }
    assert: [{ type: javascript, value: file://checks/missing.js }]
`,
    });
    expect(run.stderr).toMatch(
      /Warning: .*Assertion file not found: .*checks\/missing\.js.*Only this test's rows will be errors/,
    );
    expect(rows.map((r) => r.success)).toEqual([true, false]);
    expect(rows[1]!.error).toMatch(/File not found: .*checks\/missing\.js/);
    expect(run.stdout).toMatch(/1 errors?/);
  });

  it('CSV: a space after a closing quote and a quote inside a cell are read, as promptfoo reads them', async () => {
    const { run, rows } = await evalRows(
      {
        'promptfooconfig.yaml': "prompts: ['About {{topic}}']\nproviders: [echo]\n",
        'tests.csv':
          'topic,__expected\n"kiwis" ,contains:kiwis\n"apples, pears",contains:pears\nsay "hi" there,contains:hi\n',
      },
      ['-t', 'tests.csv'],
    );
    expect(run.stderr).toBe('');
    expect(rows.map((r) => r.success)).toEqual([true, true, true]);
    expect(rows.map((r) => r.vars.topic)).toEqual(['"kiwis" ', 'apples, pears', 'say "hi" there']);
  });

  it('CSV: ASSAY_/PROMPTFOO_CSV_DELIMITER and PROMPTFOO_CSV_STRICT are honoured', async () => {
    const files = {
      'promptfooconfig.yaml': "prompts: ['About {{topic}}']\nproviders: [echo]\n",
      'tests.csv': 'topic;__expected\nkiwis;contains:kiwis\n',
    };
    const dir = writeFiles(files);
    const semi = await runCli(['eval', '--no-progress-bar', '-t', 'tests.csv'], {
      cwd: dir,
      env: { PROMPTFOO_CSV_DELIMITER: ';' },
    });
    expect(semi.code).toBe(0);
    expect(semi.stdout).toContain('1 passed');
    const strictDir = writeFiles({ ...files, 'tests.csv': 'topic\n"kiwis" \n' });
    const strict = await runCli(['eval', '--no-progress-bar', '-t', 'tests.csv'], {
      cwd: strictDir,
      env: { PROMPTFOO_CSV_STRICT: 'true' },
    });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/Could not parse CSV/);
  });
});
