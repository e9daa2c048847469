// `assay cache clear`: empty the on-disk response cache.

import { ResponseCache } from '../runner/cache.js';

export async function cacheClearCommand(): Promise<void> {
  const cache = new ResponseCache();
  await cache.clear();
  process.stdout.write(`Cleared the response cache at ${cache.dir}\n`);
}
