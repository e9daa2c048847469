// The eval store opens just after a plain run has started: what the run reported before it opened
// is stored all the same, in order, and --no-write still never creates the store.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachStoreAfterStart } from '../../src/cli/store-after-start.js';
import { getEval, listEvals } from '../../src/store/api.js';
import type { RunStartInfo, RunSummary } from '../../src/results/types.js';
import type { Suite } from '../../src/suite/types.js';
import { tempDir } from '../support/cli.js';
import { makePrompts, makeResult } from '../results/factory.js';

function startInfo(evalId: string, cells: number): RunStartInfo {
  return {
    evalId,
    timestamp: new Date().toISOString(),
    prompts: makePrompts(1),
    varNames: ['q'],
    totalCells: cells,
    totalRows: cells,
    concurrency: 1,
    config: {},
  };
}
function summary(evalId: string, successes: number): RunSummary {
  const usage = { total: 0, prompt: 0, completion: 0 };
  return {
    evalId,
    timestamp: new Date().toISOString(),
    stats: { successes, failures: 0, errors: 0, skipped: 0, tokenUsage: usage, graderTokenUsage: usage, durationMs: 1 },
    prompts: makePrompts(1),
    aborted: false,
  };
}

// A plain run never reads the suite from the store; only --resume and --retry-errors do.
const suite = {} as Suite;
let savedHome: string | undefined;
let home: string;
beforeEach(() => {
  savedHome = process.env.ASSAY_HOME;
  home = join(tempDir(), 'home');
  process.env.ASSAY_HOME = home;
});
afterEach(() => {
  process.env.ASSAY_HOME = savedHome;
});

describe('attachStoreAfterStart', () => {
  it('stores a run that ends before the store has opened', async () => {
    const store = attachStoreAfterStart(suite, { write: true, repeat: 1, warn: () => undefined });
    expect(existsSync(join(home, 'store.db'))).toBe(false);
    await store.listener?.({ type: 'start', info: startInfo('eval-quick', 2) });
    for (let i = 0; i < 2; i++)
      await store.listener?.({ type: 'result', result: makeResult(i, 0, 'pass', { cellId: `q${i}` }) });
    await store.listener?.({ type: 'end', summary: summary('eval-quick', 2) });
    store.close();
    expect((await getEval('eval-quick')).results.map((r) => r.cellId)).toEqual(['q0', 'q1']);
    expect(listEvals().find((e) => e.id === 'eval-quick')).toMatchObject({ status: 'complete', successes: 2 });
  });

  it('hands the events seen before opening over in order, then stores the rest as they come', async () => {
    const store = attachStoreAfterStart(suite, { write: true, repeat: 1, warn: () => undefined });
    await store.listener?.({ type: 'start', info: startInfo('eval-long', 3) });
    await store.listener?.({ type: 'result', result: makeResult(0, 0, 'pass', { cellId: 'l0' }) });
    // The run waits for the network; the store opens meanwhile.
    await nextTurn();
    await nextTurn();
    await nextTurn();
    expect(existsSync(join(home, 'store.db'))).toBe(true);
    for (let i = 1; i < 3; i++)
      await store.listener?.({ type: 'result', result: makeResult(i, 0, 'pass', { cellId: `l${i}` }) });
    await store.listener?.({ type: 'end', summary: summary('eval-long', 3) });
    store.close();
    expect((await getEval('eval-long')).results.map((r) => r.cellId)).toEqual(['l0', 'l1', 'l2']);
  });

  it('never creates the store with --no-write', async () => {
    const store = attachStoreAfterStart(suite, { write: false, repeat: 1, warn: () => undefined });
    expect(store.listener).toBeUndefined();
    await nextTurn();
    await nextTurn();
    store.close();
    expect(existsSync(join(home, 'store.db'))).toBe(false);
  });
});
