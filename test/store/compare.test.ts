// `assay compare` on two stored evals with known differences lists exactly those, in every report
// format, and --fail-on-regression exits 100. A promptfoo-shape results.json compares too.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from '../support/cli.js';

// The stub provider answers per case; MODE=candidate changes some answers.
const provider = `export default async function (prompt) {
  const c = prompt.replace('case ', '');
  const cand = process.env.MODE === 'candidate';
  const answers = { same: 'good', breaks: cand ? 'bad' : 'good', errors: 'good', fixed: cand ? 'good' : 'bad', drops: cand ? 'good' : 'good great', bad: 'bad', gone: 'good', fresh: 'good' };
  if (c === 'errors' && cand) return { error: 'upstream exploded' };
  return { output: answers[c] };
}
`;
const test = (c: string, extra = '') =>
  `  - description: ${c}\n    vars: { c: ${c} }\n    assert: [{ type: contains, value: good }${extra}]\n`;
const shared = `${['same', 'breaks', 'errors', 'fixed', 'bad'].map((c) => test(c)).join('')}  - description: drops\n    vars: { c: drops }\n    threshold: 0.4\n    assert: [{ type: contains, value: good }, { type: contains, value: great }]\n`;
const config = (extra: string) =>
  `prompts: ['case {{c}}']\nproviders: [file://provider.mjs]\ntests:\n${shared}${extra}`;

describe('assay compare', () => {
  it('lists exactly the regressions, improvements, added and removed cells', async () => {
    const dir = writeFiles({
      'provider.mjs': provider,
      'base.yaml': config(test('gone')),
      'cand.yaml': config(test('fresh')),
    });
    const home = join(tempDir(), 'home');
    const run = (cfg: string, mode: string) =>
      runCli(['eval', '-c', cfg, '--no-table', '--no-progress-bar', '--description', mode], {
        cwd: dir,
        env: { ASSAY_HOME: home, MODE: mode },
      });
    await run('base.yaml', 'baseline');
    await run('cand.yaml', 'candidate');
    const [candidate, baseline] = JSON.parse(
      (await runCli(['list', '--json'], { env: { ASSAY_HOME: home } })).stdout,
    ) as Array<{ id: string }>;

    const result = await runCli(
      ['compare', baseline!.id, candidate!.id, '-o', 'report.json', 'report.md', 'report.html', '--fail-on-regression'],
      { cwd: dir, env: { ASSAY_HOME: home } },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(100);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const names = (list: Array<{ kind?: string; candidate?: { description: string }; description?: string }>) =>
      list.map((x) => (x.kind ? `${x.candidate!.description}:${x.kind}` : x.description));
    // Regressions first, worst first: the new error, then pass -> fail, then the score drop.
    expect(names(report.regressions)).toEqual(['errors:new-error', 'breaks:pass-to-fail', 'drops:score-drop']);
    expect(names(report.improvements)).toEqual(['fixed:fail-to-pass']);
    expect(names(report.added)).toEqual(['fresh']);
    expect(names(report.removed)).toEqual(['gone']);
    expect(report.unchanged).toBe(2);
    expect(report.byProvider[0]).toMatchObject({ baseline: { passRate: 5 / 7 }, candidate: { passRate: 4 / 7 } });

    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(markdown).toMatch(/3 regressions/);
    expect(markdown).toContain('new error: upstream exploded');
    expect(result.stdout).toContain('### Regressions');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<h2>Regressions</h2>');

    // The same eval against itself: nothing changed, exit 0 even with the flag.
    const self = await runCli(['compare', baseline!.id, baseline!.id, '--fail-on-regression'], {
      env: { ASSAY_HOME: home },
    });
    expect(self.code).toBe(0);
    expect(self.stdout).toContain('no regressions');
  });

  it('compares a results.json written by eval -o with a stored eval', async () => {
    const dir = writeFiles({ 'provider.mjs': provider, 'base.yaml': config('') });
    const home = join(tempDir(), 'home');
    await runCli(['eval', '-c', 'base.yaml', '--no-table', '--no-progress-bar', '--no-write', '-o', 'base.json'], {
      cwd: dir,
      env: { ASSAY_HOME: home },
    });
    await runCli(['eval', '-c', 'base.yaml', '--no-table', '--no-progress-bar'], {
      cwd: dir,
      env: { ASSAY_HOME: home, MODE: 'candidate' },
    });
    const result = await runCli(['compare', 'base.json', 'latest', '-o', 'r.json'], {
      cwd: dir,
      env: { ASSAY_HOME: home },
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(report.regressions).toHaveLength(3);
    expect(report.added).toHaveLength(0);
  });

  it('matches a promptfoo results.json (no cell ids) on what each cell ran', async () => {
    const dir = writeFiles({ 'provider.mjs': provider, 'base.yaml': config('') });
    const home = join(tempDir(), 'home');
    await runCli(['eval', '-c', 'base.yaml', '--no-table', '--no-progress-bar', '--no-write', '-o', 'base.json'], {
      cwd: dir,
      env: { ASSAY_HOME: home },
    });
    // promptfoo writes no cellId (nor attempts): strip them.
    const doc = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8'));
    for (const r of doc.results.results) delete r.cellId;
    writeFileSync(join(dir, 'promptfoo.json'), JSON.stringify(doc));
    await runCli(['eval', '-c', 'base.yaml', '--no-table', '--no-progress-bar'], {
      cwd: dir,
      env: { ASSAY_HOME: home, MODE: 'candidate' },
    });
    const result = await runCli(['compare', 'promptfoo.json', 'latest', '-o', 'r.json'], {
      cwd: dir,
      env: { ASSAY_HOME: home },
    });
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(
      report.regressions.map((r: { candidate: { description: string } }) => r.candidate.description).sort(),
    ).toEqual(['breaks', 'drops', 'errors']);
    expect(report.added).toHaveLength(0);
    expect(report.removed).toHaveLength(0);
    expect(result.code).toBe(0);
  });

  it('names an unknown eval id in one line', async () => {
    const home = join(tempDir(), 'home');
    const dir = writeFiles({ 'provider.mjs': provider, 'base.yaml': config('') });
    await runCli(['eval', '-c', 'base.yaml', '--no-table', '--no-progress-bar'], {
      cwd: dir,
      env: { ASSAY_HOME: home },
    });
    const result = await runCli(['compare', 'latest', 'eval-nope'], { env: { ASSAY_HOME: home } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error: No eval "eval-nope" in the store (see `assay list`).\n');
  });
});
