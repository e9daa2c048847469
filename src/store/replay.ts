// Replays a stored eval through sinks: the same start / result / skipped / end events a live run
// emits, so `assay show -o` writes exactly what `assay eval -o` writes, for any format. Cells
// stream from SQLite one at a time; nothing holds the whole eval.

import { RunMetrics } from '../results/metrics.js';
import type { RunStartInfo, RunSummary } from '../results/types.js';
import { EventBus, type RunListener } from '../runner/events.js';
import type { Db } from './open-store.js';
import { getListing, getStartInfo, getSummary, iterateLatestCells } from './queries.js';

export async function replayEval(
  db: Db,
  evalId: string,
  listeners: RunListener[],
): Promise<{ info: RunStartInfo; summary: RunSummary }> {
  const stored = getStartInfo(db, evalId);
  const { cellsPerRow, ...rest } = stored;
  const info: RunStartInfo = { ...rest, expectedCells: (testIdx) => cellsPerRow[testIdx] ?? 0 };
  const bus = new EventBus(listeners);
  // The stats are recounted from each cell's final state, so a retried eval shows where it ended.
  const metrics = new RunMetrics(
    info.prompts.map((p) => ({ ...p, metrics: { ...p.metrics } })),
    [],
  );
  await bus.emit({ type: 'start', info });
  let seen = 0;
  for (const cell of iterateLatestCells(db, evalId)) {
    seen++;
    if (cell.kind === 'result') {
      metrics.add(cell.result);
      await bus.emit({ type: 'result', result: cell.result, replayed: true });
    } else {
      metrics.addSkipped();
      await bus.emit({ type: 'skipped', cell: cell.cell });
    }
  }
  // A run killed outright never stored its skipped cells: count them, so the totals add up.
  for (let i = seen; i < info.totalCells; i++) metrics.addSkipped();
  const storedSummary = getSummary(db, evalId);
  const listing = getListing(db, evalId);
  const summary: RunSummary = {
    evalId,
    timestamp: info.timestamp,
    stats: metrics.stats(storedSummary?.stats.durationMs ?? listing.durationMs),
    prompts: metrics.columns(),
    aborted: listing.status !== 'complete',
    abortReason: listing.status === 'complete' ? undefined : (storedSummary?.abortReason ?? 'The run was interrupted'),
  };
  await bus.emit({ type: 'end', summary });
  await bus.drain();
  return { info, summary };
}
