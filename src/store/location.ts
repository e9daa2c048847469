// Where the eval store lives: $ASSAY_HOME (default ~/.assay), file store.db. The response cache
// keeps its own location (ASSAY_CACHE_PATH, default ~/.assay/cache).

import { homedir } from 'node:os';
import { join } from 'node:path';

export function assayHome(): string {
  return process.env.ASSAY_HOME || join(homedir(), '.assay');
}

export function storePath(): string {
  return join(assayHome(), 'store.db');
}
