// `assay merge` / mergeShards: replays the events of shard files through the same listeners a run
// has (console, every -o sink, the store), as one eval. Metrics are recomputed from the cells, as
// the runner does; nothing is summed from the shards' summaries. Streams: the files are read in
// step (a k-way merge on row index), so row-ordered outputs complete rows as they go and memory
// holds one record per file, not the results.

import { newEvalId } from '../runner/run-eval.js';
import { EventBus, type RunListener } from '../runner/events.js';
import { RunMetrics } from '../results/metrics.js';
import { FailureReason, type EvalResult, type RunStartInfo, type RunSummary } from '../results/types.js';
import { compileDerivedMetrics, type DerivedMetric } from '../suite/derived-metrics.js';
import { errorMessage } from '../errors.js';
import type { ShardRecord } from './format.js';
import { planMerge, type MergePlan } from './merge-plan.js';
import { readShardRecords } from './read-shard.js';

export interface MergeOptions {
  /** Merge even if shards are missing: the eval then holds only the cells that are here. */
  allowPartial?: boolean;
  /** Receive the merged eval's events (sinks via sinkListener, the store's writer, a progress view). */
  listeners?: RunListener[];
  warn?: (message: string) => void;
}

export interface MergeOutcome {
  summary: RunSummary;
  plan: MergePlan;
  /** The merged eval's start info (total cells, concurrency) for the summary line. */
  info: RunStartInfo;
}

export async function mergeEvents(paths: string[], options: MergeOptions = {}): Promise<MergeOutcome> {
  const warn = options.warn ?? ((message: string) => process.emitWarning(message));
  const plan = await planMerge(paths, options.allowPartial === true);
  if (plan.missingIndexes.length) {
    warn(
      `Merging without shard${plan.missingIndexes.length > 1 ? 's' : ''} ${plan.missingIndexes.join(', ')} of ${plan.total}: ${plan.suiteCells - plan.cells} of ${plan.suiteCells} cells are missing from this eval.`,
    );
  }
  const first = plan.shards[0]!.header;
  const startedAt = plan.shards.map((s) => Date.parse(s.header.startedAt)).reduce((a, b) => Math.min(a, b));
  const endedAt = plan.shards.map((s) => Date.parse(s.end.endedAt)).reduce((a, b) => Math.max(a, b));
  const timestamp = new Date(startedAt).toISOString();
  const evalId = newEvalId(new Date(startedAt));
  const rowCells = plan.rowCells;
  const info: RunStartInfo = {
    ...first.info,
    evalId,
    suiteHash: first.suiteHash,
    timestamp,
    totalCells: plan.cells,
    totalRows: first.suiteRows,
    expectedCells: (testIdx) => rowCells[testIdx] ?? 0,
    concurrency: Math.max(...plan.shards.map((s) => s.header.info.concurrency)),
  };
  const metrics = new RunMetrics(first.info.prompts, derivedMetricsOf(first.info.config, warn));
  const bus = new EventBus(options.listeners ?? []);
  await bus.emit({ type: 'start', info });

  let completed = 0;
  let errors = 0;
  for await (const result of mergedResults(plan.shards.map((s) => s.path))) {
    completed++;
    if (result.failureReason === FailureReason.ERROR) errors++;
    metrics.add(result);
    void bus.emit({ type: 'result', result });
    await bus.emit({ type: 'progress', completed, total: plan.cells, errors, latest: result });
  }
  // Skipped cells come after every result, as in a run.
  if (plan.anySkipped) {
    for (const shard of plan.shards) {
      if (shard.skipped === 0) continue;
      for await (const record of readShardRecords(shard.path)) {
        if (record.type !== 'skipped') continue;
        metrics.addSkipped();
        await bus.emit({ type: 'skipped', cell: record.cell });
      }
    }
  }
  const aborted = plan.shards.some((s) => s.end.summary.aborted);
  const summary: RunSummary = {
    evalId,
    timestamp,
    stats: metrics.stats(Math.max(0, endedAt - startedAt)),
    prompts: metrics.columns(),
    aborted,
    abortReason: aborted ? plan.shards.map((s) => s.end.summary.abortReason).find(Boolean) : undefined,
    shards: plan.shards
      .map((s) => ({
        index: s.header.shard.index,
        total: s.header.shard.total,
        startedAt: s.header.startedAt,
        durationMs: s.end.summary.stats.durationMs,
        cells: s.end.cells,
      }))
      .sort((a, b) => a.index - b.index),
  };
  await bus.emit({ type: 'end', summary });
  await bus.drain();
  return { summary, plan, info };
}

/** Results of all files, merged on (row, column) order of each file's next record. */
async function* mergedResults(paths: string[]): AsyncGenerator<EvalResult> {
  const readers = paths.map((path) => resultsOf(readShardRecords(path)));
  const heads: (EvalResult | undefined)[] = await Promise.all(
    readers.map(async (r) => (await r.next()).value ?? undefined),
  );
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (!head) continue;
      const best = pick >= 0 ? heads[pick]! : undefined;
      if (!best || head.testIdx < best.testIdx || (head.testIdx === best.testIdx && head.promptIdx < best.promptIdx))
        pick = i;
    }
    if (pick < 0) return;
    const result = heads[pick]!;
    heads[pick] = (await readers[pick]!.next()).value ?? undefined;
    yield result;
  }
}

async function* resultsOf(records: AsyncGenerator<ShardRecord>): AsyncGenerator<EvalResult> {
  for await (const record of records) if (record.type === 'result') yield record.result;
}

/** The config's derivedMetrics, recompiled (expressions survive in the file; functions do not). */
function derivedMetricsOf(config: Record<string, unknown>, warn: (message: string) => void): DerivedMetric[] {
  const raw = config.derivedMetrics;
  if (!Array.isArray(raw)) return [];
  const usable = raw.filter((entry) => typeof (entry as { value?: unknown } | null)?.value === 'string');
  if (usable.length < raw.length)
    warn('Derived metrics written as JavaScript functions cannot be recomputed by merge; they are left out.');
  try {
    return compileDerivedMetrics(usable, undefined);
  } catch (err) {
    warn(`Derived metrics could not be recomputed: ${errorMessage(err)}`);
    return [];
  }
}
