// `assay list`: stored evals, newest first, as a table or JSON.

import { openStore } from '../store/open-store.js';
import { listEvalRows, type EvalListing } from '../store/queries.js';

export function listCommand(options: { limit?: number; json?: boolean }): void {
  const store = openStore(undefined, { mustExist: true });
  try {
    const evals = listEvalRows(store.db, { limit: options.limit ?? 20 });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(evals, null, 2)}\n`);
      return;
    }
    if (evals.length === 0) {
      process.stdout.write('No evals stored yet.\n');
      return;
    }
    process.stdout.write(`${formatListing(evals)}\n`);
  } finally {
    store.close();
  }
}

export function formatListing(evals: EvalListing[]): string {
  const header = ['ID', 'When', 'Status', 'Cells', 'Pass', 'Fail', 'Error', 'Skip', 'Duration', 'Description'];
  const rows = evals.map((e) => [
    e.id,
    e.createdAt.slice(0, 19).replace('T', ' '),
    e.status,
    String(e.cells),
    String(e.successes),
    String(e.failures),
    String(e.errors),
    String(e.skipped),
    `${(e.durationMs / 1000).toFixed(1)}s`,
    // Descriptions come from configs: one line, no control characters, bounded.
    (e.description ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 60),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
