// Mistakes promptfoo users make, and promptfoo keys Assay does not implement: each gets one clear
// message that says what to do (a did-you-mean, the path tried, the unset variable), and nothing
// promptfoo accepts is silently ignored or called a typo.

import { describe, expect, it } from 'vitest';
import { runCli, writeFiles } from '../support/cli.js';

const eval_ = (config: string, args: string[] = []) => {
  const dir = writeFiles({ 'promptfooconfig.yaml': config });
  return runCli(['eval', '--no-progress-bar', ...args], { cwd: dir }).then((run) => ({ ...run, dir }));
};
const validate = (config: string) => runCli(['validate'], { cwd: writeFiles({ 'promptfooconfig.yaml': config }) });

describe('errors a promptfoo user makes', () => {
  it.each([
    ['contain', 'contains'],
    ['llm_rubric', 'llm-rubric'],
    ['is_json', 'is-json'],
    ['not-contian', 'not-contains'],
  ])('unknown assertion type %s gets "did you mean %s"', async (type, suggestion) => {
    const run = await eval_(
      `prompts: ['hi']\nproviders: [echo]\ntests:\n  - assert:\n      - type: ${type}\n        value: hi\n`,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Unknown assertion type "${type}". Did you mean "${suggestion}"?`);
  });

  it('`provider:` (singular) stops eval with the did-you-mean, not only "No providers configured"', async () => {
    const run = await eval_(`prompts: ['hi']\nprovider: [echo]\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the config has `provider:`\. Did you mean `providers:`\?/);
  });

  it('a mistyped flag is an "Error:" line like every other, with the did-you-mean', async () => {
    const run = await eval_(`prompts: ['hi']\nproviders: [echo]\n`, ['--filter-faling', 'r.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: unknown option '--filter-faling'\n\(Did you mean --filter-failing\?\)/);
  });

  it('a test key written at the top level (assert:, assertScoringFunction:, transformVars:) says where it belongs', async () => {
    const config = `prompts: ['hi']\nproviders: [echo]\nassert:\n  - type: contains\n    value: bye\nassertScoringFunction: 'return false'\ntransformVars: '({})'\n`;
    const run = await eval_(config);
    expect(run.stderr).toContain('Unknown key "assert". Did you mean "defaultTest.assert"?');
    expect(run.stderr).toContain(
      'Unknown key "assertScoringFunction". Did you mean "defaultTest.assertScoringFunction"?',
    );
    expect(run.stderr).toContain('Unknown key "transformVars". Did you mean "defaultTest.options.transformVars"?');
    expect((await validate(config)).code).toBe(1);
  });

  it('an unquoted `- exec: node app.js` provider (a YAML map) says to quote it', async () => {
    const run = await eval_(`prompts: ['hi']\nproviders:\n  - exec: node app.js\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Quote it: - 'exec: node app.js'`);
  });

  it('-t missing.csv names the path it resolved', async () => {
    const run = await eval_(`prompts: ['hi']\nproviders: [echo]\n`, ['-t', 'missing.csv']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Tests file not found: ${run.dir}/missing.csv`);
  });

  it('a YAML indentation error points at the column of the misplaced key', async () => {
    const run = await eval_(`prompts: ['hi']\nproviders: [echo]\ntests:\n  - vars:\n      a: 1\n     b: 2\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('promptfooconfig.yaml:6:6: Invalid YAML');
    expect(run.stderr).toContain('This line starts at column 6; the line above starts at column 7');
  });

  it('{{ env.X }} left in a provider id says X is unset, and for the quickstart that assay emulate sets it', async () => {
    const run = await eval_(`prompts: ['hi']\nproviders:\n  - id: '{{ env.ASSAY_WS_URL }}/json'\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ASSAY_WS_URL is not set');
    expect(run.stderr).toContain('assay emulate');
    // Names the file and the entry, like every other config error (it said only "at id").
    expect(run.stderr).toMatch(/promptfooconfig\.yaml(:\d+:\d+)? at providers\[0\]\.id: Provider id/);
    const other = await eval_(`prompts: ['hi']\nproviders:\n  - id: 'openai:chat:{{ env.MY_MODEL }}'\n`);
    expect(other.stderr).toContain('MY_MODEL is not set');
    expect(other.stderr).not.toContain('assay emulate');
  });

  it('test keys far from `assert` (assertions:, expected:) get a warning that names the right key', async () => {
    const run = await eval_(
      `prompts: ['hi']\nproviders: [echo]\ntests:\n  - vars: {a: 1}\n    assertions:\n      - type: contains\n        value: x\n    expected: foo\n    notes: free text\n`,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Unknown key "assertions". Did you mean "assert"?');
    expect(run.stderr).toContain('Unknown key "expected". Did you mean "assert"?');
    expect(run.stderr).toContain('Unknown key "notes" in a test; it is ignored.');
  });
});

describe('promptfoo keys and assertion types Assay does not implement', () => {
  const config = `prompts: ['hi']
providers: [echo]
sharing: true
tracing: { enabled: true }
tests:
  - options: { disableConversationVar: true }
    assert:
      - type: human
      - type: trace-span-count
        value: { pattern: '*', min: 1 }
      - type: contains
        value: hi
`;

  it('eval warns "not supported by Assay" with what to do instead, runs, and fails only those checks', async () => {
    const run = await eval_(config, ['-o', 'out.json']);
    expect(run.stderr).toMatch(/"sharing" is not supported by Assay: .*-o results\.html/);
    expect(run.stderr).toMatch(/"tracing" is not supported by Assay/);
    expect(run.stderr).toMatch(/"disableConversationVar" is not supported by Assay/);
    expect(run.stderr).toMatch(/Assertion type "human" is not supported by Assay: .*llm-rubric/);
    expect(run.stderr).toMatch(/Assertion type "trace-span-count" is not supported by Assay: .*latency/);
    expect(run.stderr).not.toMatch(/Did you mean|typo|spelling/i);
    expect(run.code).toBe(100);
    const { readFileSync } = await import('node:fs');
    const row = JSON.parse(readFileSync(`${run.dir}/out.json`, 'utf8')).results.results[0];
    expect(row.gradingResult.componentResults.map((c: { pass: boolean }) => c.pass)).toEqual([false, false, true]);
  });

  it('validate reports each of them as a problem', async () => {
    const run = await validate(config);
    expect(run.code).toBe(1);
    expect((run.stdout + run.stderr).match(/not supported by Assay/g)).toHaveLength(5);
  });

  it('sharing: false is not a warning', async () => {
    const run = await eval_(`prompts: ['hi']\nproviders: [echo]\nsharing: false\n`);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('not supported');
  });
});
