// Tells providers early that `assay eval` will call them, so one-time work before their first call
// (the Databricks endpoint check, a GET) overlaps opening the store and setting up the run instead
// of delaying the first call. Only when every cell of the provider is sure to need the network: a
// fully cached, resumed or sharded run must not send a request it would not have sent.

import { readdirSync } from 'node:fs';
import { defaultCacheDir } from '../runner/cache.js';
import { resolveRunOptions } from '../runner/options.js';
import type { Suite } from '../suite/types.js';

export interface PrepareConditions {
  /** false with --no-cache. */
  cache: boolean;
  /** --resume / --retry-errors: cells may already have results. */
  resuming: boolean;
  /** --shard: this process may run none of a provider's cells. */
  sharded: boolean;
}

export function prepareProviders(suite: Suite, conditions: PrepareConditions): void {
  if (conditions.resuming || conditions.sharded) return;
  if (suite.tests.length === 0 || suite.prompts.length === 0) return;
  const cacheEmpty = !responseCacheUsable(suite, conditions.cache) || responseCacheIsEmpty();
  for (const entry of suite.providers) {
    const provider = entry.provider;
    if (!provider.prepareForCalls) continue;
    // A provider limited to some prompts might get no cell at all.
    if (entry.prompts !== undefined) continue;
    if (cacheEmpty || !provider.cacheable) provider.prepareForCalls();
  }
}

/** Whether the run will read the response cache, resolved as the run resolves it. */
function responseCacheUsable(suite: Suite, cliCache: boolean): boolean {
  try {
    return resolveRunOptions({ cache: cliCache ? undefined : false }, suite.evaluateOptions).cache;
  } catch {
    return true; // A bad setting is reported by the run itself; assume the cache may answer.
  }
}

/** No entry can answer when the cache folder has no entry folders (or does not exist yet). */
function responseCacheIsEmpty(): boolean {
  try {
    return !readdirSync(defaultCacheDir()).some((name) => /^[0-9a-f]{2}$/.test(name));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
