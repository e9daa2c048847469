// `assay store gc --keep <n|Nd>`: keeps the newest n evals (or those from the last N days),
// deletes the rest with their unreferenced payloads, and VACUUMs so the file shrinks.

import { statSync } from 'node:fs';
import { AssayError } from '../errors.js';
import { openStore } from '../store/open-store.js';
import { gcEvals } from '../store/queries.js';

export function storeGcCommand(options: { keep: string }): void {
  const keep = parseKeep(options.keep);
  const store = openStore(undefined, { mustExist: true });
  try {
    const before = statSync(store.path).size;
    const removed = gcEvals(store.db, keep);
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const after = statSync(store.path).size;
    process.stdout.write(
      `Deleted ${removed} eval${removed === 1 ? '' : 's'}; store ${mb(before)} -> ${mb(after)} (${store.path})\n`,
    );
  } finally {
    store.close();
  }
}

function parseKeep(value: string): { count?: number; days?: number } {
  const match = /^(\d+)(d)?$/.exec(value.trim());
  if (!match)
    throw new AssayError('USAGE', `--keep expects a number of evals (e.g. 50) or of days (e.g. 30d), got "${value}"`);
  return match[2] ? { days: Number(match[1]) } : { count: Number(match[1]) };
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
