// Resume and retry against the emulator, in real processes: an eval killed with SIGKILL halfway
// and then resumed ends like an uninterrupted run without calling any stored cell twice; a
// --retry-errors run calls only the errored cells and keeps the failed attempts as history.

import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/open-store.js';
import { collect, runCli, startCli, tempDir, writeFiles } from '../support/cli.js';
import { useEmulators } from '../support/emulators.js';

const Database = createRequire(import.meta.url)('libsql') as new (path: string, options?: { readonly?: boolean }) => Db;
const emulators = useEmulators({ reset: ['openai'], clearKnobs: true });

function suite(tests: number): string {
  const list = Array.from({ length: tests }, (_, i) => `  - vars: { n: '${i}' }`).join('\n');
  return writeFiles({
    'promptfooconfig.yaml': `description: resumable\nprompts: ['Reply with the number {{n}}']\nproviders: [openai:chat:gpt-4o-mini]\ntests:\n${list}\n`,
  });
}

/** How many requests the emulator got for each cell's prompt. */
function requestsPerPrompt(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of emulators.openai.requests) {
    const content = (request.body as { messages?: Array<{ content: string }> }).messages?.[0]?.content ?? '';
    counts.set(content, (counts.get(content) ?? 0) + 1);
  }
  return counts;
}

function storedCells(home: string): Array<{ cell_id: string; attempt: number; status: string; prompt: string }> {
  const path = join(home, 'store.db');
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true });
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const rows = db
      .prepare("SELECT cell_id, attempt, status, json_extract(body, '$.prompt.raw') AS prompt FROM cells ORDER BY seq")
      .raw(true)
      .all() as Array<[string, number, string, string]>;
    return rows.map(([cell_id, attempt, status, prompt]) => ({ cell_id, attempt, status, prompt }));
  } catch {
    return []; // the schema is not there yet
  } finally {
    db.close();
  }
}

const outputsByCell = (path: string) => {
  const results = JSON.parse(readFileSync(path, 'utf8')).results.results as Array<{
    cellId: string;
    success: boolean;
    response?: { output: string };
    attempts?: number;
  }>;
  return new Map(
    results.map((r) => [r.cellId, { success: r.success, output: r.response?.output, attempts: r.attempts }]),
  );
};

describe('eval --resume after kill -9', () => {
  it('finishes the eval without calling any stored cell again and matches an uninterrupted run', async () => {
    const dir = suite(40);
    const home = join(tempDir(), 'home');
    const env = { ...emulators.env(), ASSAY_HOME: home };
    // The uninterrupted reference run, not stored.
    const reference = await runCli(
      ['eval', '--no-table', '--no-progress-bar', '--no-cache', '--no-write', '-o', 'ref.json'],
      { cwd: dir, env },
    );
    expect(reference.code).toBe(0);
    emulators.openai.reset();

    emulators.openai.setKnobs({ latencyMs: 40 });
    const child = startCli(['eval', '--no-table', '--no-progress-bar', '--no-cache', '-j', '2'], { cwd: dir, env });
    const killed = collect(child, 20_000);
    // A second process reads the store while the eval writes it.
    const deadline = Date.now() + 15_000;
    while (storedCells(home).length < 12 && Date.now() < deadline) await sleep(20);
    child.kill('SIGKILL');
    await killed;
    const storedBeforeResume = storedCells(home);
    expect(storedBeforeResume.length).toBeGreaterThanOrEqual(12);
    expect(storedBeforeResume.length).toBeLessThan(40);

    const listed = await runCli(['list', '--json'], { env });
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ status: 'interrupted', cells: 40 });

    emulators.openai.setKnobs({ latencyMs: 0 });
    const resumed = await runCli(
      ['eval', '--no-table', '--no-progress-bar', '--no-cache', '--resume', '-o', 'resumed.json'],
      { cwd: dir, env },
    );
    expect(resumed.stderr).not.toMatch(/Error/);
    expect(resumed.code).toBe(0);

    // No cell stored by the killed run was called again; every cell was called at least once.
    const counts = requestsPerPrompt();
    for (const cell of storedBeforeResume) expect(counts.get(cell.prompt)).toBe(1);
    for (let i = 0; i < 40; i++) expect(counts.get(`Reply with the number ${i}`) ?? 0).toBeGreaterThanOrEqual(1);
    // Only cells that were in flight at the kill (at most -j 2 plus one open batch) ran twice.
    expect(emulators.openai.requests.length - 40).toBeLessThanOrEqual(40 - storedBeforeResume.length);

    // One complete eval, with the same cells and outputs as the uninterrupted run.
    const final = outputsByCell(join(dir, 'resumed.json'));
    expect(final).toEqual(outputsByCell(join(dir, 'ref.json')));
    const after = JSON.parse((await runCli(['list', '--json'], { env })).stdout);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ status: 'complete', cells: 40, successes: 40, runs: 2 });
  });

  it('refuses to resume when the suite changed', async () => {
    const dir = suite(3);
    const home = join(tempDir(), 'home');
    const env = { ...emulators.env(), ASSAY_HOME: home };
    emulators.openai.setKnobs({ faults: [{ kind: 'malformed', count: 1 }] });
    await runCli(['eval', '--no-table', '--no-progress-bar', '--no-cache', '--max-eval-time', '1'], { cwd: dir, env });
    const id = JSON.parse((await runCli(['list', '--json'], { env })).stdout)[0].id as string;
    const changed = await runCli(
      ['eval', '--no-table', '--no-progress-bar', '--no-cache', '--resume', id, '--prompt-suffix', '!'],
      { cwd: dir, env },
    );
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/different suite/);
    expect(changed.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('eval --retry-errors', () => {
  it('calls only the errored cells, records a new attempt and keeps the failed one', async () => {
    const dir = suite(10);
    const home = join(tempDir(), 'home');
    const env = { ...emulators.env(), ASSAY_HOME: home };
    emulators.openai.setKnobs({ faults: [{ kind: 'malformed', count: 3 }] });
    const first = await runCli(['eval', '--no-table', '--no-progress-bar', '--no-cache', '-j', '1'], { cwd: dir, env });
    expect(first.code).toBe(100);
    const errored = storedCells(home).filter((c) => c.status === 'error');
    expect(errored).toHaveLength(3);

    emulators.openai.reset();
    emulators.openai.setKnobs({ faults: [] });
    const retry = await runCli(
      ['eval', '--no-table', '--no-progress-bar', '--no-cache', '--retry-errors', '-o', 'final.json'],
      { cwd: dir, env },
    );
    expect(retry.code).toBe(0);
    // Exactly the errored cells were called, once each.
    expect([...requestsPerPrompt().entries()].sort()).toEqual(errored.map((c) => [c.prompt, 1]).sort());

    // History kept: the error rows are still there as attempt 1, the retries are attempt 2.
    const rows = storedCells(home);
    expect(rows).toHaveLength(13);
    for (const cell of errored) {
      expect(rows.filter((r) => r.cell_id === cell.cell_id).map((r) => [r.attempt, r.status])).toEqual([
        [1, 'error'],
        [2, 'pass'],
      ]);
    }
    // The output shows the final state and how many attempts each retried cell took.
    const final = outputsByCell(join(dir, 'final.json'));
    expect([...final.values()].every((r) => r.success)).toBe(true);
    expect(
      [...final.entries()]
        .filter(([, r]) => r.attempts === 2)
        .map(([id]) => id)
        .sort(),
    ).toEqual(errored.map((c) => c.cell_id).sort());
    const shown = await runCli(['list', '--json'], { env });
    expect(JSON.parse(shown.stdout)[0]).toMatchObject({ status: 'complete', successes: 10, errors: 0, runs: 2 });
    // show replays the final state with the same attempt counts.
    await runCli(['show', 'latest', '--no-table', '-o', 'shown.json'], { cwd: dir, env });
    expect(outputsByCell(join(dir, 'shown.json'))).toEqual(final);
  });

  it('leaves cells that never ran alone: only the errored ones are called', async () => {
    const dir = suite(12);
    const home = join(tempDir(), 'home');
    const env = { ...emulators.env(), ASSAY_HOME: home };
    // Two errors first, then slow calls until the eval's time runs out: errors, passes and never-run cells.
    emulators.openai.setKnobs({ latencyMs: 150, faults: [{ kind: 'malformed', count: 2 }] });
    const first = await runCli(
      ['eval', '--no-table', '--no-progress-bar', '--no-cache', '-j', '1', '--max-eval-time', '1200'],
      { cwd: dir, env },
    );
    expect(first.code).toBe(100);
    const before = storedCells(home);
    const errored = before.filter((c) => c.status === 'error');
    const skipped = before.filter((c) => c.status === 'skipped');
    expect(errored.length).toBeGreaterThan(0);
    expect(skipped.length).toBeGreaterThan(0);

    emulators.openai.reset();
    emulators.openai.setKnobs({ latencyMs: 0, faults: [] });
    const retry = await runCli(
      ['eval', '--no-table', '--no-progress-bar', '--no-cache', '--retry-errors', '-o', 'final.json'],
      { cwd: dir, env },
    );
    expect(retry.stderr).not.toMatch(/\n\s+at /);
    // The emulator saw exactly the errored cells, once each: no never-run cell was called.
    expect([...requestsPerPrompt().entries()].sort()).toEqual(errored.map((c) => [c.prompt, 1]).sort());
    // The never-run cells are still reported as not run (so the eval stays resumable), errors are gone.
    const final = JSON.parse(readFileSync(join(dir, 'final.json'), 'utf8')).results;
    expect(final.stats).toMatchObject({ errors: 0, skipped: skipped.length });
    const listed = JSON.parse((await runCli(['list', '--json'], { env })).stdout)[0];
    expect(listed).toMatchObject({ status: 'interrupted', errors: 0, skipped: skipped.length, runs: 2 });
    // History: each errored cell keeps its error row under the new attempt.
    const rows = storedCells(home);
    for (const cell of errored)
      expect(rows.filter((r) => r.cell_id === cell.cell_id).map((r) => r.status)).toEqual(['error', 'pass']);
  });
});
