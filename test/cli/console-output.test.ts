// What a person reads at the end of `assay eval`: why cells errored (grouped, counted), a headline
// that never calls an all-error run complete, and a table that fits an 80-column terminal.

import { describe, expect, it } from 'vitest';
import { runCli, writeFiles } from '../support/cli.js';

// A custom provider that fails the way real APIs do: the same few errors, with a new request id each time.
const FAILING_PROVIDER = `
let calls = 0;
export default class Failing {
  id() { return 'failing-api'; }
  async callApi(prompt) {
    calls++;
    if (prompt.includes('slow')) return { error: 'Timed out after 30000ms waiting for a reply' };
    return { error: 'Acme API error: HTTP 401 Unauthorized from api.acme.test/v1/chat: Invalid API key provided (type: invalid_request_error, code: invalid_api_key) [request id: req_' + calls + ']. Check the API key or token for this provider.' };
  }
}
`;

function config(providers: string[], tests: number, prompts = ['Say {{n}}', 'Say {{n}} slowly']): string {
  const lines = [
    'prompts:',
    ...prompts.map((p) => `  - '${p}'`),
    'providers:',
    ...providers.map((p) => `  - ${p}`),
    'tests:',
  ];
  for (let i = 1; i <= tests; i++)
    lines.push(`  - vars: { n: '${i}' }`, `    assert: [{ type: contains, value: '${i}' }]`);
  return `${lines.join('\n')}\n`;
}

describe('assay eval console output', () => {
  it('groups the errors of an all-error run and never calls it complete, table or not', async () => {
    const dir = writeFiles({
      'failing.mjs': FAILING_PROVIDER,
      'promptfooconfig.yaml': config(['id: file://failing.mjs\n    label: acme'], 5),
    });
    for (const args of [[], ['--no-table']]) {
      const run = await runCli(['eval', ...args], { cwd: dir, env: { COLUMNS: '80' } });
      expect(run.code).toBe(100);
      expect(run.stdout).not.toContain('Eval complete');
      expect(run.stdout).not.toContain('✓');
      expect(run.stdout).toContain('✗ Eval failed: all 10 cells errored');
      expect(run.stdout).toContain('Errors: 10 cells errored, 2 distinct errors');
      // Ten cells, five request ids apart: one line for the 401, with its code and hint kept.
      const lines = run.stdout.split('\n');
      const digest = run.stdout.slice(run.stdout.indexOf('Errors: 10 cells errored'));
      const entries = digest
        .slice(0, digest.indexOf('\n\n'))
        .split(/\n(?= {2}\d)/)
        .map((entry) => entry.replace(/\s+/g, ' ').trim());
      expect(entries).toHaveLength(3);
      expect(entries[1]).toMatch(
        /^5× \[acme\] Acme API error: HTTP 401 Unauthorized .*\(type: invalid_request_error, code: invalid_api_key\)\. Check the API key/,
      );
      expect(entries[2]).toBe('5× [acme] Timed out after 30000ms waiting for a reply');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
      expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('fits a six-column matrix into 80 columns as a pass/fail grid with a legend', async () => {
    const providers = ['echo', 'id: echo\n    label: second', 'id: echo\n    label: third'];
    const dir = writeFiles({ 'promptfooconfig.yaml': config(providers, 3, ['Say {{n}}', 'Repeat {{n}} twice']) });
    const run = await runCli(['eval'], { cwd: dir, env: { COLUMNS: '80' } });
    expect(run.code).toBe(0);
    const out = run.stdout;
    for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(out).toMatch(/│ 2 +│ PASS +│ PASS +│ PASS +│ PASS +│ PASS +│ PASS +│/);
    expect(out).toContain('#1 [echo] Say {{n}}');
    expect(out).toContain('#6 [third] Repeat {{n}} twice');
    expect(out).toContain('✓ Eval complete');
    expect(out).toContain('· 0 failed (0.00%)');
  });

  it('says which output files hold the rows a cut table leaves out, and prints plain progress lines', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': config(['echo'], 30, ['Say {{n}}']) });
    const run = await runCli(['eval', '-o', 'out.csv', 'out.json'], { cwd: dir, env: { COLUMNS: '80' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('… 5 more rows not shown; every row is in out.csv, out.json');
    expect(run.stderr).toMatch(/^Evaluating 30 cells \(30 rows x 1 column, up to 4 at a time\)$/m);
    expect(run.stderr).toMatch(/^Completed 30\/30 \(100%\), 0 errors, [\d.,]+ cells\/s$/m);
  });
});
