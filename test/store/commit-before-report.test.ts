// A cell is committed to the store before anything reports it as done: an eval killed with
// SIGKILL at a random moment leaves no line in its JSONL output (written as cells finish) whose
// cell the store does not hold. A real process, a real kill, the real SQLite file.

import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/open-store.js';
import { collect, startCli, tempDir, writeFiles } from '../support/cli.js';

const Database = createRequire(import.meta.url)('libsql') as new (path: string, options?: { readonly?: boolean }) => Db;

function suite(tests: number): string {
  const rows = ['topic'];
  for (let i = 0; i < tests; i++) rows.push(`topic ${i}`);
  return writeFiles({
    'tests.csv': `${rows.join('\n')}\n`,
    'promptfooconfig.yaml':
      "prompts: ['Write about {{topic}}']\nproviders: [echo]\ndefaultTest:\n  assert: [{ type: contains, value: topic }]\ntests: file://tests.csv\n",
  });
}

/** Cell ids of the whole lines the JSONL sink wrote (to its temp file, renamed only at the end). */
function reportedCells(dir: string): string[] {
  const ids: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.startsWith('out.jsonl'))) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    lines.pop(); // the last piece is empty or a line cut by the kill
    for (const line of lines) ids.push((JSON.parse(line) as { cellId: string }).cellId);
  }
  return ids;
}

function storedCells(home: string): Set<string> {
  const path = join(home, 'store.db');
  if (!existsSync(path)) return new Set();
  const db = new Database(path, { readonly: true });
  try {
    return new Set((db.prepare('SELECT cell_id FROM cells').raw(true).all() as string[][]).map((r) => r[0]!));
  } finally {
    db.close();
  }
}

describe('a cell is stored before it is reported', () => {
  it('after kill -9 at a random moment, every cell the JSONL output shows is in the store', async () => {
    const dir = suite(3000);
    let checked = 0;
    for (let round = 0; round < 3; round++) {
      const home = join(tempDir(), 'home');
      const child = startCli(['eval', '--no-table', '--no-progress-bar', '--no-cache', '-j', '8', '-o', 'out.jsonl'], {
        cwd: dir,
        // One round commits on the store's worker thread (store-worker.ts), the others on the run's own.
        env: { ASSAY_HOME: home, ASSAY_STORE_WORKER_MIN_CELLS: round === 0 ? '0' : '' },
      });
      const exited = collect(child, 30_000);
      // Kill once cells are flowing, at a random moment after that.
      const deadline = Date.now() + 20_000;
      while (reportedCells(dir).length === 0 && Date.now() < deadline) await sleep(5);
      await sleep(Math.random() * 150);
      child.kill('SIGKILL');
      await exited;

      const reported = reportedCells(dir);
      const stored = storedCells(home);
      expect(reported.length).toBeGreaterThan(0);
      // The kill came mid-run (else this round proves nothing about cells in flight).
      expect(stored.size).toBeLessThan(3000);
      expect(reported.filter((id) => !stored.has(id))).toEqual([]);
      checked += reported.length;
      for (const name of readdirSync(dir).filter((n) => n.startsWith('out.jsonl'))) rmSync(join(dir, name));
    }
    expect(checked).toBeGreaterThan(0);
  });
});
