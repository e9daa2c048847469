// Turns a run's cells, arriving in completion order, into the EmbeddedEval's parts in grid order:
// whole rows (ViewRow) and each cell's details, handed out as soon as a row is complete, plus the
// header and summary at the end. Cells are held only until their row is complete.

import type { CellDetail, CellSummary, EmbeddedEval, EvalListing } from '../contract.js';
import type { EvalResult, RunStartInfo, RunSummary, SkippedCell } from '../../results/types.js';
import { stringifyResult, stringifySkipped } from '../../results/export-result.js';
import { RowAssembler } from '../../results/row-assembler.js';
import {
  DEFAULT_OUTPUT_CUT,
  cellIdOf,
  cellStatusOf,
  detailOfResult,
  detailOfSkipped,
  summariseResult,
  summariseSkipped,
} from './cell-summary.js';
import { EvalTally, listingOfRun } from './eval-tally.js';
import { viewRowOf } from './view-row.js';
import type { ViewRow } from '../contract.js';

/** Above this many cells a report keeps failures and errors whole and summarises passes. */
export const DEGRADE_ABOVE_CELLS = 5000;
/** Characters of output a summarised pass keeps. */
export const DEGRADED_PASS_OUTPUT_CUT = 200;

export interface AssemblerOptions {
  /** Summarise passes (no details, output cut short) when the run plans more cells than this. */
  degradeAboveCells?: number;
  outputCut?: number;
  degradedPassOutputCut?: number;
  onRow(row: ViewRow): void;
  /** A retried cell's earlier attempts (from the store), oldest first; only asked for cells with attempts > 1. */
  earlierAttempts?(cellId: string, attempts: number): CellDetail['earlier'];
  /** `pass` details are only handed out when passes are not summarised. */
  onDetail(detail: CellDetail, status: CellDetail['status']): void;
}

type HeldCell = { source: EvalResult | SkippedCell; summary: CellSummary; detail: CellDetail };

export class EmbeddedAssembler {
  /** True when passes are summarised because the run is larger than the threshold. */
  readonly summarisePasses: boolean;
  private readonly rows: RowAssembler<HeldCell>;
  private readonly tally: EvalTally;
  private passesSummarised = 0;

  constructor(
    private readonly info: RunStartInfo,
    private readonly options: AssemblerOptions,
  ) {
    this.summarisePasses = info.totalCells > (options.degradeAboveCells ?? DEGRADE_ABOVE_CELLS);
    this.tally = new EvalTally(info);
    this.rows = new RowAssembler<HeldCell>({
      columns: info.prompts.length,
      expectedCells: info.expectedCells,
      totalRows: info.totalRows,
      onRow: (row) => {
        this.options.onRow(viewRowOf(row.testIdx, info.prompts.length, row.cells));
        for (const cell of row.cells) if (cell) this.handOutDetail(cell.detail);
      },
    });
  }

  addResult(live: EvalResult): void {
    // The same secret-free JSON every result file and the store hold, so `show` and `eval` agree.
    const result = JSON.parse(stringifyResult(live)) as EvalResult;
    this.tally.addResult(result);
    const pass = cellStatusOf(result) === 'pass';
    const cut = pass && this.summarisePasses ? this.degradedCut : (this.options.outputCut ?? DEFAULT_OUTPUT_CUT);
    this.rows.add(result.testIdx, result.promptIdx, {
      source: result,
      summary: summariseResult(result, cut),
      detail: detailOfResult(result, this.earlierOf(result)),
    });
  }

  addSkipped(live: SkippedCell): void {
    const {
      skipped: _marker,
      success: _success,
      ...cell
    } = JSON.parse(stringifySkipped(live)) as SkippedCell & {
      skipped: true;
      success: false;
    };
    this.tally.addSkipped(cell);
    this.rows.add(cell.testIdx, cell.promptIdx, {
      source: cell,
      summary: summariseSkipped(cell),
      detail: detailOfSkipped(cell),
    });
  }

  /** Emits the rows still waiting (a stopped run), then returns the header and summary. */
  finish(
    summary: RunSummary,
    listing: EvalListing = listingOfRun(this.info, summary),
  ): Pick<EmbeddedEval, 'header' | 'summary'> & { passesSummarised: number } {
    this.rows.flush();
    return {
      header: this.tally.header(listing),
      summary: this.tally.summary(),
      passesSummarised: this.passesSummarised,
    };
  }

  private earlierOf(result: EvalResult): CellDetail['earlier'] {
    const attempts = result.attempts ?? 1;
    if (attempts <= 1 || !this.options.earlierAttempts) return [];
    return this.options.earlierAttempts(cellIdOf(result), attempts);
  }

  private get degradedCut(): number {
    return this.options.degradedPassOutputCut ?? DEGRADED_PASS_OUTPUT_CUT;
  }

  private handOutDetail(detail: CellDetail): void {
    if (detail.status === 'pass' && this.summarisePasses) {
      this.passesSummarised++;
      return;
    }
    this.options.onDetail(detail, detail.status);
  }
}

/** The note a cut report carries: what was left out and where to see all of it. */
export function degradedNoteFor(evalId: string, passes: number, reason: string): string {
  return (
    `${reason}: ${passes.toLocaleString('en-US')} passing cells are summarised here (status, score and the start of the output, ` +
    `no details). Failures and errors are complete. Open the whole eval with \`assay view ${evalId}\`.`
  );
}

/** The whole EmbeddedEval in memory, for small evals, tests and fixtures (the report writer streams instead). */
export function buildEmbeddedEval(
  info: RunStartInfo,
  cells: Iterable<{ kind: 'result'; result: EvalResult } | { kind: 'skipped'; cell: SkippedCell }>,
  summary: RunSummary,
  options: Partial<Omit<AssemblerOptions, 'onRow' | 'onDetail'>> & { listing?: EvalListing } = {},
): EmbeddedEval {
  const rows: ViewRow[] = [];
  const details: Record<string, CellDetail> = {};
  const assembler = new EmbeddedAssembler(info, {
    ...options,
    onRow: (row) => rows.push(row),
    onDetail: (detail) => {
      details[detail.cellId] = detail;
    },
  });
  for (const cell of cells) {
    if (cell.kind === 'result') assembler.addResult(cell.result);
    else assembler.addSkipped(cell.cell);
  }
  const { header, summary: view, passesSummarised } = assembler.finish(summary, options.listing);
  const embedded: EmbeddedEval = { kind: 'eval', header, summary: view, rows, details };
  if (passesSummarised > 0)
    embedded.degradedNote = degradedNoteFor(
      header.listing.id,
      passesSummarised,
      `This eval has ${info.totalCells.toLocaleString('en-US')} cells`,
    );
  return embedded;
}
