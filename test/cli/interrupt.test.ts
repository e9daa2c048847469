import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collect, startCli, writeFiles } from '../support/cli.js';

function slowSuite(delayMs: number, tests: number) {
  const testList = Array.from(
    { length: tests },
    (_, i) => `  - vars: { n: '${i}' }\n    assert: [{ type: contains, value: 'n${i}' }]`,
  ).join('\n');
  return writeFiles({
    // Says on stderr when a cell starts, so a test signals a process that is surely running cells.
    'slow-provider.mjs': `export default async function (prompt) { process.stderr.write('cell started\\n'); await new Promise((r) => setTimeout(r, ${delayMs})); return { output: prompt }; }\n`,
    'promptfooconfig.yaml': `prompts: ['n{{n}}']\nproviders: [file://slow-provider.mjs]\ntests:\n${testList}\n`,
  });
}

async function waitFor(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

const lineCount = (path: string) =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0;

describe('Ctrl-C during an eval', () => {
  it('first Ctrl-C stops new work, finishes cells in flight and writes every output', async () => {
    const dir = slowSuite(150, 40);
    const jsonl = join(dir, 'out.jsonl');
    const json = join(dir, 'out.json');
    const child = startCli(['eval', '--no-progress-bar', '-j', '2', '-o', jsonl, json], { cwd: dir });
    const done = collect(child, 20_000);
    await waitFor(() => lineCount(jsonl) >= 2, 10_000);
    child.kill('SIGINT');
    const run = await done;

    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/Stopping/);
    // The notice fits an 80-column terminal without wrapping.
    expect(run.stderr).toMatch(
      /^Stopping: no new cells will start; waiting for cells in flight\.\nPress Ctrl-C again to cancel them\.$/m,
    );
    const written = JSON.parse(readFileSync(json, 'utf8'));
    const results = written.results.results as Array<{ success: boolean }>;
    expect(results.length).toBeGreaterThanOrEqual(2);
    expect(results.length).toBeLessThan(40);
    // Cells in flight were allowed to finish, so nothing completed is an error.
    expect(results.every((r) => r.success)).toBe(true);
    // Cells never started are counted as skipped (listed in the JSONL), so the outputs add up to 40.
    expect(written.results.stats.skipped).toBe(40 - results.length);
    expect(lineCount(jsonl)).toBe(40);
    expect(run.stdout).toMatch(/Stopped early/i);
    expect(run.stdout).toContain(`${40 - results.length} skipped`);
  });

  it('second Ctrl-C cancels cells in flight and exits 130 promptly, outputs intact', async () => {
    const dir = slowSuite(30_000, 4);
    const json = join(dir, 'out.json');
    // The provider says "cell started" once the run (and its Ctrl-C handler) is going; a fixed
    // sleep raced a slow start on a loaded machine, where SIGINT then killed the process.
    const child = startCli(['eval', '-j', '2', '-o', json], { cwd: dir });
    const done = collect(child, 15_000);
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    await waitFor(() => stderr.includes('cell started'), 10_000);
    child.kill('SIGINT');
    await waitFor(() => stderr.includes('Stopping'), 10_000);
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(130);
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.results.results).toEqual([]);
    expect(written.results.stats.skipped).toBe(4);
  });
});
