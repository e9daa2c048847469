// A run committing on its own thread has its WAL copied into the database on libsql's threads
// while it runs (the run's thread checkpoints only past a larger fallback bound), and the extra
// connection is closed with the store (its file handles go).

import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { countCells } from '../../src/store/queries.js';
import { StoreWriter } from '../../src/store/store-writer.js';
import type { RunStartInfo } from '../../src/results/types.js';
import { tempDir } from '../support/cli.js';
import { makePrompts, makeResult } from '../results/factory.js';

const CELLS = 3_000;

function startInfo(evalId: string): RunStartInfo {
  return {
    evalId,
    timestamp: new Date().toISOString(),
    prompts: makePrompts(1),
    varNames: ['q'],
    totalCells: CELLS,
    totalRows: CELLS,
    concurrency: 1,
    config: {},
  };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 5));

/** This process's open file handles on the store's files (Linux: /proc/self/fd). */
function handlesOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(path);
    } catch {
      return false;
    }
  }).length;
}

async function until(condition: () => boolean): Promise<boolean> {
  for (let waited = 0; waited < 5_000 && !condition(); waited += 5) await turn();
  return condition();
}

describe('background checkpoints', () => {
  it.skipIf(process.platform !== 'linux')(
    'copy a large run into the database as it runs, keep the WAL bounded, and close with the store',
    async () => {
      const path = join(tempDir(), 'home', 'store.db');
      const store = openStore(path);
      const warnings: string[] = [];
      const writer = new StoreWriter(store, (message) => warnings.push(message));
      const ownHandles = handlesOn(path);
      writer.listener({ type: 'start', info: startInfo('eval-big') });
      // ~1.6 KB bodies (outputs under the blob size, each different): ~5 MB in all, less than the
      // run's own fallback bound (8 MB), so only the background checkpoints can move it before the end.
      let largestWal = 0;
      for (let i = 0; i < CELLS; i++) {
        const output = `${i} `.repeat(400).slice(0, 900);
        const result = makeResult(i, 0, 'pass', { cellId: `c${i}` });
        result.response = { output };
        writer.listener({ type: 'result', result });
        if (i % 100 === 99) {
          await turn();
          largestWal = Math.max(largestWal, statSync(`${path}-wal`).size);
        }
      }
      // Checked before the run's end: the database file itself holds most of what was committed,
      // copied by a second connection.
      expect(await until(() => statSync(path).size > 2_000_000)).toBe(true);
      const whileRunning = handlesOn(path);
      expect(whileRunning).toBeGreaterThan(ownHandles);
      writer.listener({
        type: 'end',
        summary: {
          evalId: 'eval-big',
          timestamp: new Date().toISOString(),
          stats: {
            successes: CELLS,
            failures: 0,
            errors: 0,
            skipped: 0,
            tokenUsage: { total: 0, prompt: 0, completion: 0 },
            graderTokenUsage: { total: 0, prompt: 0, completion: 0 },
            durationMs: 1,
          },
          prompts: makePrompts(1),
          aborted: false,
        },
      });
      writer.stopCheckpoints();
      // The second connection closes once a checkpoint in flight has finished (SQLite keeps its
      // database file handle until the writer's connection closes too: POSIX locks are per process).
      expect(await until(() => handlesOn(path) < whileRunning)).toBe(true);
      store.close();
      expect(warnings).toEqual([]);
      expect(largestWal).toBeLessThan(9_000_000);

      const reopened = openStore(path);
      try {
        expect(countCells(reopened.db, 'eval-big').pass).toBe(CELLS);
        const body = reopened.db
          .prepare("SELECT body FROM cells WHERE eval_id = 'eval-big' AND test_idx = 1234")
          .raw(true)
          .get() as [string];
        expect(JSON.parse(body[0]).response.output).toBe(`${1234} `.repeat(400).slice(0, 900));
      } finally {
        reopened.close();
      }
    },
    30_000,
  );
});
