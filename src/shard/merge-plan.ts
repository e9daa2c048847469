// The first pass of `assay merge`: reads every shard file once (streaming), and checks they can be
// merged — same suite hash, same shard count, each shard index once, no cell twice, every file
// complete — and whether together they cover the whole suite. Keeps only counts (one number per
// row, a set of cell ids), never results.

import { AssayError } from '../errors.js';
import type { ShardEnd, ShardHeader } from './format.js';
import { readShardRecords } from './read-shard.js';

export interface ScannedShard {
  path: string;
  header: ShardHeader;
  end: ShardEnd;
  results: number;
  skipped: number;
}

export interface MergePlan {
  shards: ScannedShard[];
  /** Cells present per row (testIdx), over all the files. */
  rowCells: Uint32Array;
  cells: number;
  suiteCells: number;
  total: number;
  missingIndexes: number[];
  anySkipped: boolean;
}

export async function planMerge(paths: string[], allowPartial: boolean): Promise<MergePlan> {
  if (paths.length === 0) throw new AssayError('USAGE', 'assay merge needs at least one shard file (*.assay)');
  const shards: ScannedShard[] = [];
  const seenCells = new Map<string, number>();
  let rowCells = new Uint32Array(0);
  for (const path of paths) {
    let header: ShardHeader | undefined;
    let end: ShardEnd | undefined;
    let results = 0;
    let skipped = 0;
    for await (const record of readShardRecords(path)) {
      if (record.type === 'header') {
        header = record;
        checkCompatible(shards[0], { path, header });
        if (rowCells.length === 0) rowCells = new Uint32Array(header.suiteRows);
        continue;
      }
      if (record.type === 'end') {
        end = record;
        continue;
      }
      const cell = record.type === 'result' ? record.result : record.cell;
      if (record.type === 'result') results++;
      else skipped++;
      if (cell.testIdx >= 0 && cell.testIdx < rowCells.length) rowCells[cell.testIdx]!++;
      if (cell.cellId) {
        const other = seenCells.get(cell.cellId);
        if (other !== undefined) {
          throw new AssayError(
            'USAGE',
            `Cell ${cell.cellId} is in both ${paths[other]} and ${path}: shard files from two runs of the same shard cannot be merged together`,
          );
        }
        seenCells.set(cell.cellId, shards.length);
      }
    }
    shards.push({ path, header: header!, end: end!, results, skipped });
  }

  const total = shards[0]!.header.shard.total;
  const byIndex = new Map<number, string>();
  for (const shard of shards) {
    const { index } = shard.header.shard;
    const other = byIndex.get(index);
    if (other) throw new AssayError('USAGE', `Shard ${index}/${total} is given twice: ${other} and ${shard.path}`);
    byIndex.set(index, shard.path);
  }
  const missingIndexes: number[] = [];
  for (let i = 1; i <= total; i++) if (!byIndex.has(i)) missingIndexes.push(i);
  const cells = shards.reduce((sum, s) => sum + s.end.cells, 0);
  const suiteCells = shards[0]!.header.suiteCells;
  if (missingIndexes.length && !allowPartial) {
    const names = missingIndexes.map((i) => `shard ${i}`).join(', ');
    throw new AssayError(
      'USAGE',
      `Missing ${names} of ${total}: ${suiteCells - cells} of ${suiteCells} cells are not covered. Add the missing shard file${missingIndexes.length > 1 ? 's' : ''}, or pass --allow-partial to merge what is here.`,
    );
  }
  if (!missingIndexes.length && cells !== suiteCells) {
    throw new AssayError(
      'USAGE',
      `The shards hold ${cells} cells but their suite has ${suiteCells}: they were not all run with the same suite and options`,
    );
  }
  return { shards, rowCells, cells, suiteCells, total, missingIndexes, anySkipped: shards.some((s) => s.skipped > 0) };
}

function checkCompatible(first: ScannedShard | undefined, next: { path: string; header: ShardHeader }): void {
  if (!first) return;
  const a = first.header;
  const b = next.header;
  if (a.suiteHash !== b.suiteHash) {
    throw new AssayError(
      'USAGE',
      `${next.path} comes from a different suite than ${first.path} (suite hash ${b.suiteHash} vs ${a.suiteHash}): its tests, prompts, providers or repeat count differ. Merge shards of one run only.`,
    );
  }
  if (a.shard.total !== b.shard.total) {
    throw new AssayError(
      'USAGE',
      `${next.path} is shard ${b.shard.index}/${b.shard.total} but ${first.path} is shard ${a.shard.index}/${a.shard.total}: all shards must split the suite the same way`,
    );
  }
}
