// The library's mergeShards(paths, options): merge shard files into one eval, written to the
// given outputs (any -o format) and, unless `write: false`, recorded in the store like a run.

import { checkOutputPaths } from '../results/sinks/check-output-paths.js';
import { createFileSink } from '../results/sinks/index.js';
import type { CompletedPrompt, RunStats, RunSummary } from '../results/types.js';
import { sinkListener, type RunListener } from '../runner/events.js';
import { errorMessage } from '../errors.js';
import { openStore } from '../store/open-store.js';
import { StoreWriter } from '../store/store-writer.js';
import { expandShardPaths } from './shard-paths.js';
import { mergeEvents, type MergeOutcome } from './merge.js';

export interface MergeShardsOptions {
  /** Output files; the format is chosen by extension, as for `assay eval -o`. */
  outputs?: string[];
  allowPartial?: boolean;
  /** false: do not record the merged eval in the store. */
  write?: boolean;
  /** Extra listeners (console table, progress), after the store and before the files. */
  listeners?: RunListener[];
  warn?: (message: string) => void;
}

export interface MergeShardsResult {
  evalId: string;
  stats: RunStats;
  prompts: CompletedPrompt[];
  shards: NonNullable<RunSummary['shards']>;
  /** Shard indexes that were not given (only with allowPartial). */
  missingShards: number[];
  outcome: MergeOutcome;
}

export async function mergeShards(
  pathsOrGlobs: string[],
  options: MergeShardsOptions = {},
): Promise<MergeShardsResult> {
  const warn = options.warn ?? ((message: string) => process.emitWarning(message));
  const paths = await expandShardPaths(pathsOrGlobs);
  const outputs = options.outputs ?? [];
  const files = outputs.map((path) => createFileSink(path));
  await checkOutputPaths(outputs);
  const store = options.write === false ? undefined : openStoreQuietly(warn);
  const listeners: RunListener[] = [
    ...(store ? [store.writer.listener] : []),
    ...(options.listeners ?? []),
    ...files.map((sink) => sinkListener(sink)),
  ];
  let outcome: MergeOutcome;
  try {
    outcome = await mergeEvents(paths, { allowPartial: options.allowPartial, listeners, warn });
  } finally {
    store?.close();
  }
  const { summary, plan } = outcome;
  return {
    evalId: summary.evalId,
    stats: summary.stats,
    prompts: summary.prompts,
    shards: summary.shards ?? [],
    missingShards: plan.missingIndexes,
    outcome,
  };
}

function openStoreQuietly(warn: (message: string) => void) {
  try {
    const store = openStore();
    const writer = new StoreWriter(store, warn);
    return {
      writer,
      close: () => {
        try {
          writer.flush();
          store.close();
        } catch {
          // The writer has already warned about a failing store.
        }
      },
    };
  } catch (err) {
    warn(`${errorMessage(err)} The merged eval will not be stored; other outputs are unaffected.`);
    return undefined;
  }
}
