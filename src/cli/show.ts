// `assay show <id|latest>`: the summary and results table of a stored eval (or a results.json);
// `-o` writes any output format by replaying the stored cells through the same sinks `eval` uses.

import { checkOutputPaths } from '../results/sinks/check-output-paths.js';
import { ConsoleTableSink, createFileSink } from '../results/sinks/index.js';
import { formatSummary } from '../results/summary.js';
import { sinkListener, type RunListener } from '../runner/events.js';
import { openStore } from '../store/open-store.js';
import { resolveEvalId } from '../store/queries.js';
import { replayEval } from '../store/replay.js';
import { looksLikeFile } from '../store/eval-source.js';
import { replayResultsFile } from '../store/replay-file.js';

export interface ShowOptions {
  output?: string[];
  table: boolean;
  tableCellMaxLength?: number;
}

export async function showCommand(ref: string, options: ShowOptions): Promise<void> {
  const outputs = options.output ?? [];
  await checkOutputPaths(outputs);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const listeners: RunListener[] = [];
  if (options.table)
    listeners.push(
      sinkListener(new ConsoleTableSink(process.stdout, { maxCellLength: options.tableCellMaxLength, color })),
    );
  for (const path of outputs) listeners.push(sinkListener(createFileSink(path)));
  if (looksLikeFile(ref)) {
    const { info, summary } = await replayResultsFile(ref, listeners);
    process.stdout.write(
      `${formatSummary(summary, { color, concurrency: info.concurrency, totalCells: info.totalCells })}\n`,
    );
    if (outputs.length) process.stdout.write(`Wrote ${outputs.join(', ')}\n`);
    return;
  }
  const store = openStore(undefined, { mustExist: true });
  try {
    const evalId = resolveEvalId(store.db, ref);
    const { info, summary } = await replayEval(store.db, evalId, listeners);
    process.stdout.write(
      `${formatSummary(summary, { color, concurrency: info.concurrency, totalCells: info.totalCells })}\n`,
    );
    if (outputs.length) process.stdout.write(`Wrote ${outputs.join(', ')}\n`);
  } finally {
    store.close();
  }
}
