import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeFiles } from '../support/cli.js';
import { decodeReport } from '../viewer/report/report-fixture.js';

const passingConfig = `
description: outputs e2e
prompts:
  - 'Tell me about {{topic}}'
  - id: 'Summarise {{topic}} in one line'
    label: short
providers:
  - echo
tests:
  - description: bananas
    vars: { topic: bananas }
    assert:
      - type: contains
        value: '{{topic}}'
  - description: kiwis
    vars: { topic: kiwis }
    assert:
      - type: icontains
        value: KIWIS
`;

describe('assay eval writes every output format', () => {
  it('writes json, jsonl, csv, html and junit for a passing run and exits 0', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': passingConfig });
    const outputs = ['out.json', 'out.jsonl', 'out.csv', 'out.html', 'out.xml'].map((f) => join(dir, 'results', f));
    const run = await runCli(['eval', '--no-progress-bar', '-o', ...outputs], { cwd: dir });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[PASS]');
    expect(run.stdout).toMatch(/4 passed/);

    const json = JSON.parse(readFileSync(outputs[0]!, 'utf8'));
    expect(json.results.version).toBe(3);
    expect(json.results.results).toHaveLength(4);
    expect(json.results.stats.successes).toBe(4);
    expect(json.results.prompts.map((p: { label: string }) => p.label)).toContain('short');

    const lines = readFileSync(outputs[1]!, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!).success).toBe(true);

    const csv = readFileSync(outputs[2]!, 'utf8');
    expect(csv.split('\n')[0]).toContain('topic');
    expect(csv).toContain('bananas');

    const html = decodeReport(outputs[3]!);
    expect(html.html).toMatch(/<html/i);
    expect(JSON.stringify(html.data.rows)).toContain('Tell me about kiwis');

    const xml = readFileSync(outputs[4]!, 'utf8');
    expect(xml).toContain('<testsuite');
    expect(xml.match(/<testcase/g)).toHaveLength(4);
    expect(readdirSync(join(dir, 'results')).sort()).toEqual([
      'out.csv',
      'out.html',
      'out.json',
      'out.jsonl',
      'out.xml',
    ]);
  });

  it('exits 100 when an assertion fails, and honours --pass-rate-threshold', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': `prompts: ['Hello {{name}}']\nproviders: [echo]\ntests:\n  - vars: { name: a }\n    assert: [{ type: contains, value: a }]\n  - vars: { name: b }\n    assert: [{ type: equals, value: nope }]\n`,
    });
    const failing = await runCli(['eval', '--no-progress-bar', '-o', join(dir, 'r.xml')], { cwd: dir });
    expect(failing.code).toBe(100);
    expect(failing.stdout).toContain('[FAIL]');
    const xml = readFileSync(join(dir, 'r.xml'), 'utf8');
    expect(xml).toContain('<failure');

    const lenient = await runCli(['eval', '--no-progress-bar', '--pass-rate-threshold', '50'], { cwd: dir });
    expect(lenient.code).toBe(0);
  });

  it('runs the starter config that `assay init` writes', async () => {
    const dir = writeFiles({});
    const init = await runCli(['init'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(existsSync(join(dir, 'promptfooconfig.yaml'))).toBe(true);
    const run = await runCli(['eval', '--no-progress-bar'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/passed/);
  });
});
