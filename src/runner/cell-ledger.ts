// Which cells of the matrix have a recorded result, so a run that stops early (Ctrl-C, SIGTERM,
// --max-eval-time) reports every other cell as skipped instead of silently leaving it out.

import type { SkippedCell } from '../results/types.js';
import type { EvalStep } from './steps.js';

export class CellLedger {
  // One byte per (row, column): 10,000 rows x 4 columns is 40 KB, and no cell objects are kept.
  private readonly done: Uint8Array;

  constructor(
    rows: number,
    private readonly columns: number,
  ) {
    this.done = new Uint8Array(Math.max(0, rows * columns));
  }

  markDone(testIdx: number, promptIdx: number): void {
    this.done[testIdx * this.columns + promptIdx] = 1;
  }

  isDone(testIdx: number, promptIdx: number): boolean {
    return this.done[testIdx * this.columns + promptIdx] === 1;
  }

  /** The steps (walked again, in matrix order) that have no recorded result. */
  *skipped(steps: Iterable<EvalStep>, reason: string): Generator<SkippedCell> {
    for (const step of steps) {
      if (!this.isDone(step.testIdx, step.column.promptIdx)) yield skippedCell(step, reason);
    }
  }
}

export function skippedCell(step: EvalStep, reason: string): SkippedCell {
  const { column, test } = step;
  return {
    promptIdx: column.promptIdx,
    testIdx: step.testIdx,
    cellId: step.cellId,
    repeatIndex: step.repeatIndex,
    description: test.description,
    provider: { id: column.entry.provider.id(), label: column.entry.label ?? column.entry.provider.label },
    // The template, not a rendered prompt: rendering is part of running the cell.
    prompt: { raw: column.prompt.raw, label: column.prompt.label },
    vars: step.vars,
    reason,
  };
}
