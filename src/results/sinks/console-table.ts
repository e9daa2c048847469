// The result table printed at the end of a run, as promptfoo prints it: vars then one column per
// (provider, prompt), cells marked [PASS]/[FAIL]/[ERROR]. When that many columns would be too
// narrow to read (a wide matrix in an 80-column terminal), a compact pass/fail grid with the
// failures spelled out below takes its place. Only the first rows shown are kept (25 by
// default), so memory stays flat however long the run.

import Table from 'cli-table3';
import pc from 'picocolors';
import type { EvalResult, RunStartInfo, Sink } from '../types.js';
import type { AssembledRow, RowAssembler } from '../row-assembler.js';
import {
  cellStatus,
  errorText,
  failureText,
  isCached,
  outputText,
  varText,
  type CellStatus,
} from '../export-result.js';
import { cutErrorText } from '../cut-error-text.js';
import { plural } from '../format-numbers.js';
import { columnTitle, rowAssemblerFor } from './rows.js';
import { renderGrid } from './console-grid.js';

export interface ConsoleTableOptions {
  /** Rows shown before `… N more rows not shown`. Default 25. */
  maxRows?: number;
  /** Cell text is cut to this many characters, with an ellipsis. Default 250. */
  maxCellLength?: number;
  /** Default: on when the stream is a TTY and NO_COLOR is not set. */
  color?: boolean;
  /** Table width in characters. Default: the terminal's width on a TTY, else $COLUMNS, else 120. */
  width?: number;
  /** The run's output files, named when rows are left out: they hold every row. */
  outputs?: string[];
  /**
   * In the compact grid, spell out errored cells below it too. Default true; the CLI turns it
   * off because it prints every error, grouped with counts, right after the table.
   */
  errorDetails?: boolean;
}

/** Narrowest readable column of the full table; below this the compact grid is used. */
const MIN_READABLE_COLUMN = 24;

type Colors = ReturnType<typeof pc.createColors>;

/** What one cell contributes: its full-table text and, for the grid, its status and reason. */
interface CellView {
  status: CellStatus;
  text: string;
  reason: string;
}

interface KeptCell {
  vars: string[];
  label: string;
  cell: CellView;
}

interface ShownRow {
  vars: string[];
  label: string;
  cells: (CellView | undefined)[];
}

export class ConsoleTableSink implements Sink {
  private readonly maxRows: number;
  private readonly maxCell: number;
  private readonly c: Colors;
  private readonly color: boolean;
  private info: RunStartInfo | undefined;
  private rows: RowAssembler<KeptCell | null> | undefined;
  private readonly shown: ShownRow[] = [];
  private rowCount = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly opts: ConsoleTableOptions = {},
  ) {
    this.maxRows = opts.maxRows ?? 25;
    this.maxCell = opts.maxCellLength ?? 250;
    this.color = opts.color ?? (isTty(stream) && !process.env.NO_COLOR);
    this.c = pc.createColors(this.color);
  }

  onRunStart(info: RunStartInfo): void {
    this.info = info;
    this.rows = rowAssemblerFor<KeptCell | null>(info, (row) => this.takeRow(row));
  }

  onResult(result: EvalResult): void {
    if (!this.rows || !this.info) return;
    // Past the rows shown, only the row count matters: keep a placeholder, not the text.
    const keep = this.shown.length < this.maxRows;
    this.rows.add(
      result.testIdx,
      result.promptIdx,
      keep
        ? { vars: this.varCells(result), label: rowLabel(result, this.info.varNames), cell: this.cellView(result) }
        : null,
    );
  }

  onRunEnd(): void {
    if (!this.info) return;
    this.rows?.flush();
    this.stream.write(this.render());
  }

  /** The table text (also what onRunEnd writes). */
  render(): string {
    const info = this.info;
    if (!info) return '';
    const width = this.opts.width ?? defaultWidth(this.stream);
    // Widest layout that stays readable: one column per var, else all vars in one column, else the grid.
    const columnWidth = (columns: number) => Math.floor((width - columns - 1) / Math.max(1, columns));
    const prompts = info.prompts.length;
    const full = columnWidth(info.varNames.length + prompts);
    const collapsed = columnWidth(Math.min(1, info.varNames.length) + prompts);
    let text: string;
    if (full >= MIN_READABLE_COLUMN) text = this.renderTable(info, full, false);
    else if (collapsed >= MIN_READABLE_COLUMN || prompts <= 1)
      text = this.renderTable(info, Math.max(8, collapsed), info.varNames.length > 1);
    else text = this.renderGrid(info, width);
    return `${text}${this.hiddenRowsNote()}\n`;
  }

  private renderTable(info: RunStartInfo, colWidth: number, varsInOneColumn: boolean): string {
    const varHead = varsInOneColumn ? ['test'] : info.varNames;
    const head = [...varHead, ...info.prompts.map(columnTitle)].map((h) => ellipsize(h, this.maxCell));
    const table = new Table({
      head: head.map((h) => (this.color ? this.c.bold(this.c.blue(h)) : h)),
      colWidths: head.map(() => colWidth),
      wordWrap: true,
      wrapOnWordBoundary: true,
      style: { head: [], border: [] },
    });
    for (const row of this.shown) {
      const vars = varsInOneColumn ? [ellipsize(row.label, this.maxCell)] : row.vars;
      table.push([...vars, ...row.cells.map((cell) => cell?.text ?? this.c.dim('(not run)'))]);
    }
    return `${table.toString()}\n`;
  }

  private renderGrid(info: RunStartInfo, width: number): string {
    return renderGrid({
      columns: info.prompts.map(columnTitle),
      rows: this.shown.map((row) => ({
        label: row.label,
        cells: row.cells.map((cell) => cell && { status: cell.status, reason: cell.reason }),
      })),
      width,
      color: this.color,
      maxDetails: Math.min(this.maxRows, 10),
      errorDetails: this.opts.errorDetails ?? true,
    });
  }

  private hiddenRowsNote(): string {
    const hidden = this.rowCount - this.shown.length;
    if (hidden <= 0) return '';
    const outputs = this.opts.outputs ?? [];
    const where = outputs.length
      ? `every row is in ${outputs.join(', ')}`
      : '-o results.html (or .csv, .json) keeps every row';
    return `… ${plural(hidden, 'more row')} not shown; ${where}\n`;
  }

  private takeRow(row: AssembledRow<KeptCell | null>): void {
    this.rowCount++;
    if (this.shown.length >= this.maxRows) return;
    const present = row.cells.find((cell): cell is KeptCell => cell !== undefined && cell !== null);
    if (!present) return;
    const columns = this.info?.prompts.length ?? 0;
    const cells: (CellView | undefined)[] = [];
    for (let i = 0; i < columns; i++) cells.push(row.cells[i]?.cell);
    this.shown.push({ vars: present.vars, label: present.label, cells });
  }

  private varCells(result: EvalResult): string[] {
    return (this.info?.varNames ?? []).map((name) => {
      const value = result.vars[name];
      const text =
        value === undefined || value === null
          ? ''
          : typeof value === 'object'
            ? JSON.stringify(value, null, 2)
            : String(value);
      return ellipsize(text, this.maxCell);
    });
  }

  private cellView(result: EvalResult): CellView {
    const status = cellStatus(result);
    const reason = status === 'ERROR' ? errorText(result) : failureText(result);
    return { status, text: this.cellText(result), reason };
  }

  private cellText(result: EvalResult): string {
    const c = this.c;
    const status = cellStatus(result);
    const cached = isCached(result) ? c.gray(' (cached)') : '';
    const output = outputText(result);
    if (status === 'PASS') return `${c.green('[PASS]')} ${ellipsize(output, this.maxCell)}${cached}`;
    if (status === 'ERROR')
      return `${c.red('[ERROR]')} ${output ? ellipsize(output, this.maxCell) : cutErrorText(errorText(result), this.maxCell)}${cached}`;
    const reason = ellipsize(failureText(result), this.maxCell);
    const rest = ellipsize(output, Math.max(20, this.maxCell - reason.length));
    const text = reason ? `${c.bold(c.red(reason))}${rest ? `\n---\n${rest}` : ''}` : rest;
    return `${c.red('[FAIL]')} ${text}${cached}`;
  }
}

/** A row named on one line: the test's description, else its vars. */
function rowLabel(result: EvalResult, varNames: string[]): string {
  const description = result.description ?? result.testCase.description;
  if (description) return description;
  const shown = varNames.filter((name) => result.vars[name] !== undefined);
  if (shown.length === 1) return varText(result.vars[shown[0]!]);
  return shown.map((name) => `${name}=${varText(result.vars[name])}`).join(', ');
}

export function ellipsize(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? text.slice(0, max) : `${text.slice(0, max - 1)}…`;
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** The width console text is laid out for: the terminal's, else $COLUMNS, else 120. */
export function defaultWidth(stream: NodeJS.WritableStream): number {
  const columns = (stream as { columns?: number }).columns;
  if (isTty(stream) && typeof columns === 'number' && columns > 10) return columns;
  // Piped or in CI: honour $COLUMNS when the shell exports it (COLUMNS=80 assay eval | less).
  const fromEnv = Number(process.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 10 ? fromEnv : 120;
}
