// One huge result no longer loses every result (issue 8, defect 12): a 200 MB var made
// JSON.stringify throw "Invalid string length" and the .json, .jsonl and .yaml outputs were
// never written. Stored text is now cut at a cap with a visible marker; every result is kept.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli, writeFiles } from '../support/cli.js';
import { decodeReport } from '../viewer/report/report-fixture.js';

const MARKER = /…\[truncated by Assay: (\d+) bytes, first (\d+) kept/;

describe('a result too big to write', () => {
  it('a 200 MB var is cut in every output and the other results are kept', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': [
        "prompts: ['Text: {{text}}']",
        'providers: [echo]',
        'tests:',
        '  - { description: small one, vars: { text: hello }, assert: [{ type: contains, value: hello }] }',
        '  - { description: huge one, vars: { text: file://big.txt }, assert: [{ type: contains, value: END }] }',
        '  - { description: small two, vars: { text: world }, assert: [{ type: contains, value: world }] }',
        '',
      ].join('\n'),
    });
    // The huge text ends with a word the assertion looks for: grading sees the whole output.
    writeFileSync(join(dir, 'big.txt'), `${'x'.repeat(200 * 1024 * 1024)}END`);
    const outputs = ['out.json', 'out.jsonl', 'out.yaml', 'out.csv', 'out.html', 'out.xml'].map((f) => join(dir, f));
    const run = await runCli(['eval', '--no-progress-bar', '--no-table', '-o', ...outputs], {
      cwd: dir,
      timeoutMs: 60_000,
    });

    expect(run.stderr).not.toMatch(/Invalid string length/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/3 passed/);

    const json = JSON.parse(readFileSync(outputs[0]!, 'utf8'));
    const results = json.results.results as Array<{
      description: string;
      vars: { text: string };
      response: { output: string };
      prompt: { raw: string };
    }>;
    expect(results.map((r) => r.description).sort()).toEqual(['huge one', 'small one', 'small two']);
    const huge = results.find((r) => r.description === 'huge one')!;
    for (const text of [huge.vars.text, huge.response.output, huge.prompt.raw]) {
      const [, total, kept] = MARKER.exec(text) ?? [];
      expect(Number(kept)).toBe(4 * 1024 * 1024);
      expect(Number(total)).toBeGreaterThan(200 * 1024 * 1024);
      expect(text.length).toBeLessThan(4 * 1024 * 1024 + 300);
    }
    expect(results.find((r) => r.description === 'small two')!.response.output).toBe('Text: world');

    const lines = readFileSync(outputs[1]!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(parseYaml(readFileSync(outputs[2]!, 'utf8')).results.results).toHaveLength(3);
    for (const path of outputs.slice(3)) {
      // The HTML report holds the results inside its embedded (gzip + base64) data.
      const text = path.endsWith('.html') ? JSON.stringify(decodeReport(path).data) : readFileSync(path, 'utf8');
      expect(text).toMatch(/truncated by Assay/);
      expect(text).toContain('world');
    }
  }, 90_000);

  it('ASSAY_MAX_STORED_TEXT_BYTES sets the cap', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': `prompts: ['{{text}}']\nproviders: [echo]\ntests:\n  - vars: { text: '${'ab'.repeat(5000)}' }\n`,
    });
    const run = await runCli(['eval', '--no-progress-bar', '-o', join(dir, 'out.json')], {
      cwd: dir,
      env: { ASSAY_MAX_STORED_TEXT_BYTES: '1000' },
    });
    expect(run.code).toBe(0);
    const [result] = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results.results;
    expect(result.response.output).toMatch(/^(ab){500}\n…\[truncated by Assay: 10000 bytes, first 1000 kept/);
  });
});
