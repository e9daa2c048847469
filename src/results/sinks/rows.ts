// Shared plumbing for outputs written row by row (CSV, HTML, console table): a row assembler
// configured from the run-start info, and the column/row labels they all print.

import type { CompletedPrompt, EvalResult, RunStartInfo, SkippedCell } from '../types.js';
import { RowAssembler, type AssembledRow } from '../row-assembler.js';
import { varText } from '../export-result.js';

export function rowAssemblerFor<C>(info: RunStartInfo, onRow: (row: AssembledRow<C>) => void): RowAssembler<C> {
  return new RowAssembler<C>({
    columns: info.prompts.length,
    expectedCells: info.expectedCells,
    totalRows: info.totalRows,
    onRow,
  });
}

/** `[<provider label or id>] <prompt label>`, promptfoo's column title. */
export function columnTitle(prompt: CompletedPrompt): string {
  return `[${prompt.provider}] ${prompt.label}`;
}

/** What identifies a row, taken from any of its cells (all cells of a row share test and vars). */
export interface RowHeader {
  description: string;
  vars: string[];
}

export function rowHeaderOf(result: EvalResult | SkippedCell, varNames: string[]): RowHeader {
  return {
    description: result.description ?? ('testCase' in result ? result.testCase.description : undefined) ?? '',
    vars: varNames.map((name) => varText(result.vars[name])),
  };
}

/** The header of the first cell present in the row (rows always have at least one cell). */
export function firstHeader<C extends { header: RowHeader }>(row: AssembledRow<C>): RowHeader {
  for (const cell of row.cells) if (cell) return cell.header;
  return { description: '', vars: [] };
}
