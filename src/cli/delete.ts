// `assay delete <id...>`: removes stored evals (every attempt of every cell); unknown ids are
// reported and nothing is deleted.

import { openStore } from '../store/open-store.js';
import { deleteEvals, resolveEvalId } from '../store/queries.js';

export function deleteCommand(refs: string[]): void {
  const store = openStore(undefined, { mustExist: true });
  try {
    // Resolve every id first: a typo in the third id must not leave the first two deleted.
    const ids = refs.map((ref) => resolveEvalId(store.db, ref));
    const removed = deleteEvals(store.db, ids);
    process.stdout.write(`Deleted ${removed} eval${removed === 1 ? '' : 's'}: ${ids.join(', ')}\n`);
  } finally {
    store.close();
  }
}
