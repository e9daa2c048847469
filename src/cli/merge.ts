// `assay merge <files or globs…>`: combine the shard files of a sharded eval (`assay eval --shard
// i/n -o shard-<i>.assay`) into one eval — console table and summary, every -o output, the store —
// as if the suite had run in one process.

import { ConsoleTableSink } from '../results/sinks/index.js';
import { formatSummary } from '../results/summary.js';
import { sinkListener } from '../runner/events.js';
import { mergeShards } from '../shard/merge-shards.js';
import { exitCodeFor } from './eval.js';
import { warningLine } from './console-lines.js';

export interface MergeCommandOptions {
  output?: string[];
  allowPartial?: boolean;
  write?: boolean;
  table: boolean;
  tableCellMaxLength?: number;
  passRateThreshold?: number;
}

export async function mergeCommand(files: string[], options: MergeCommandOptions): Promise<void> {
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const outputs = options.output ?? [];
  const result = await mergeShards(files, {
    outputs,
    allowPartial: options.allowPartial,
    write: options.write,
    listeners: options.table
      ? [sinkListener(new ConsoleTableSink(process.stdout, { maxCellLength: options.tableCellMaxLength, color }))]
      : [],
    warn: (message) => process.stderr.write(warningLine(message)),
  });
  const { summary, info, plan } = result.outcome;
  process.stdout.write(
    `${formatSummary(summary, { concurrency: info.concurrency, totalCells: info.totalCells, color })}\n`,
  );
  const perShard = (summary.shards ?? [])
    .map((s) => `${s.index}/${s.total} ${(s.durationMs / 1000).toFixed(1)}s`)
    .join(', ');
  process.stdout.write(`Merged ${plan.shards.length} shard file${plan.shards.length === 1 ? '' : 's'} (${perShard})\n`);
  if (outputs.length) process.stdout.write(`Wrote ${outputs.join(', ')}\n`);
  // With --allow-partial the user asked for the cells that are here: the exit code grades those.
  process.exitCode = exitCodeFor(summary, options.passRateThreshold);
}
