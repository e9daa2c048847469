// The store's worker thread (ASSAY_STORE_WORKER_MIN_CELLS): a run committed there stores exactly
// what the run's own thread would: every cell, its body byte for byte as the JSONL line, long
// outputs once as blobs, and the eval marked complete.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/open-store.js';
import { runCli, tempDir, writeFiles } from '../support/cli.js';

const Database = createRequire(import.meta.url)('libsql') as new (path: string, options?: { readonly?: boolean }) => Db;

const long = 'L'.repeat(1500);

function suite(): string {
  const rows = ['topic'];
  for (let i = 0; i < 600; i++) rows.push(i % 100 === 0 ? `topic ${i} ${long}` : `topic ${i}`);
  return writeFiles({
    'tests.csv': `${rows.join('\n')}\n`,
    'promptfooconfig.yaml':
      "prompts: ['Write about {{topic}}']\nproviders: [echo]\ndefaultTest:\n  assert: [{ type: contains, value: topic }]\ntests: file://tests.csv\n",
  });
}

describe('the store on its worker thread', () => {
  it('stores every cell as the run reports it, long outputs as blobs, and the eval complete', async () => {
    const dir = suite();
    const home = join(tempDir(), 'home');
    const run = await runCli(['eval', '--no-table', '--no-progress-bar', '-o', 'out.jsonl'], {
      cwd: dir,
      env: { ASSAY_HOME: home, ASSAY_STORE_WORKER_MIN_CELLS: '0' },
      timeoutMs: 60_000,
    });
    expect(run.stderr).not.toMatch(/could not be written/);
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(600);
    const db = new Database(join(home, 'store.db'), { readonly: true });
    try {
      const cells = db.prepare('SELECT cell_id, body FROM cells').raw(true).all() as string[][];
      const [blobs] = db.prepare('SELECT count(*) FROM blobs').raw(true).get() as number[];
      const [status, successes] = db.prepare('SELECT status, successes FROM evals').raw(true).get() as [string, number];
      const bodies = new Map(cells.map(([id, body]) => [id!, body!]));
      // Short results are stored as the JSONL line itself; the six long ones by blob reference.
      const plain = lines.filter((line) => !line.includes(long));
      expect(plain.every((line) => bodies.get((JSON.parse(line) as { cellId: string }).cellId) === line)).toBe(true);
      expect(cells).toHaveLength(600);
      // Six long topics, each stored once however many places (prompt, output) hold it.
      expect(blobs).toBeGreaterThanOrEqual(6);
      expect(status).toBe('complete');
      expect(successes).toBe(600);
    } finally {
      db.close();
    }
  });
});
