// Turns cells arriving in completion order into whole rows in testIdx order, keeping only the
// rows not yet emitted (in practice bounded by the concurrency window).

export interface AssembledRow<C> {
  testIdx: number;
  /** Cells by promptIdx; a missing entry is a cell that was filtered out or never ran. */
  cells: (C | undefined)[];
  /** False for rows emitted by flush() before all their cells arrived (aborted runs). */
  complete: boolean;
}

export interface RowAssemblerOptions<C> {
  /** Number of columns (prompt × provider pairs). */
  columns: number;
  /**
   * How many cells row `testIdx` will get (fewer than `columns` when prompt/provider filters
   * skip some). Called once per row, lazily. Defaults to `columns`.
   */
  expectedCells?: (testIdx: number) => number;
  /** Rows past this index are never waited for (lets rows with zero cells be skipped). */
  totalRows?: number;
  onRow: (row: AssembledRow<C>) => void;
}

interface PendingRow<C> {
  cells: (C | undefined)[];
  received: number;
}

export class RowAssembler<C> {
  private readonly pending = new Map<number, PendingRow<C>>();
  private next = 0;
  private emitted = 0;

  constructor(private readonly options: RowAssemblerOptions<C>) {}

  /** Adds one cell; emits every row that is now complete and next in order. */
  add(testIdx: number, promptIdx: number, cell: C): void {
    if (testIdx < this.next) return; // its row was already emitted (duplicate or late cell)
    let row = this.pending.get(testIdx);
    if (!row) {
      row = { cells: new Array<C | undefined>(this.options.columns), received: 0 };
      this.pending.set(testIdx, row);
    }
    if (row.cells[promptIdx] === undefined) row.received++;
    row.cells[promptIdx] = cell;
    this.drain();
  }

  /** Emits whatever is left, in testIdx order, including incomplete rows. */
  flush(): void {
    this.drain();
    const rest = [...this.pending.keys()].sort((a, b) => a - b);
    for (const testIdx of rest) {
      const row = this.pending.get(testIdx);
      if (!row) continue;
      this.pending.delete(testIdx);
      this.emit(testIdx, row.cells, row.received >= this.expected(testIdx));
    }
    this.next = Math.max(this.next, (rest.at(-1) ?? -1) + 1);
  }

  /** Number of rows emitted so far. */
  rowsEmitted(): number {
    return this.emitted;
  }

  /** Number of rows held, waiting for cells. */
  rowsPending(): number {
    return this.pending.size;
  }

  private drain(): void {
    const total = this.options.totalRows;
    for (;;) {
      const expected = this.expected(this.next);
      if (expected <= 0) {
        // A row with no cells at all: skip it, but never run past the known end.
        if (total === undefined || this.next >= total) return;
        this.next++;
        continue;
      }
      const row = this.pending.get(this.next);
      if (!row || row.received < expected) return;
      this.pending.delete(this.next);
      this.emit(this.next, row.cells, true);
      this.next++;
    }
  }

  private expected(testIdx: number): number {
    return this.options.expectedCells ? this.options.expectedCells(testIdx) : this.options.columns;
  }

  private emit(testIdx: number, cells: (C | undefined)[], complete: boolean): void {
    this.emitted++;
    this.options.onRow({ testIdx, cells, complete });
  }
}
