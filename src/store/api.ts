// The store's library API: list stored evals, read one (final state of every cell), compare two.
// Each call opens the store, reads, and closes it; ids may be `latest` or a unique prefix, and
// compare also takes paths to promptfoo-shape results.json files.

import type { EvalResult, RunSummary } from '../results/types.js';
import { compareEvalCells, type Comparison } from './compare.js';
import { loadEvalCells } from './eval-source.js';
import { openStore, type Store } from './open-store.js';
import { getListing, listEvalRows, resolveEvalId, type EvalListing } from './queries.js';
import { replayEval } from './replay.js';

export type { Comparison } from './compare.js';
export type { EvalListing } from './queries.js';

export interface StoredEval extends EvalListing {
  summary: RunSummary;
  /** Every cell's final state, ordered by row then column. */
  results: EvalResult[];
}

function withStore<T>(work: (store: Store) => T): T {
  const store = openStore(undefined, { mustExist: true });
  try {
    return work(store);
  } finally {
    store.close();
  }
}

export function listEvals(options: { limit?: number; offset?: number } = {}): EvalListing[] {
  return withStore((store) => listEvalRows(store.db, options));
}

export async function getEval(ref: string): Promise<StoredEval> {
  const store = openStore(undefined, { mustExist: true });
  try {
    const id = resolveEvalId(store.db, ref);
    const results: EvalResult[] = [];
    const { summary } = await replayEval(store.db, id, [
      (event) => void (event.type === 'result' && results.push(event.result)),
    ]);
    return { ...getListing(store.db, id), summary, results };
  } finally {
    store.close();
  }
}

export function compareEvals(
  baseline: string,
  candidate: string,
  options: { scoreThreshold?: number } = {},
): Comparison {
  let store: Store | undefined;
  const db = () => (store ??= openStore(undefined, { mustExist: true })).db;
  try {
    return compareEvalCells(loadEvalCells(baseline, db), loadEvalCells(candidate, db), options.scoreThreshold);
  } finally {
    store?.close();
  }
}
