// The result table printed at the end of a run, as promptfoo prints it: vars then one column per
// (provider, prompt), cells marked [PASS]/[FAIL]/[ERROR]. Only the first rows shown are kept
// (25 by default), so memory stays flat however long the run.

import Table from 'cli-table3';
import pc from 'picocolors';
import type { EvalResult, RunStartInfo, Sink } from '../types.js';
import type { AssembledRow, RowAssembler } from '../row-assembler.js';
import { cellStatus, errorText, failureText, isCached, outputText } from '../export-result.js';
import { columnTitle, rowAssemblerFor } from './rows.js';

export interface ConsoleTableOptions {
  /** Rows shown before `... N more rows not shown ...`. Default 25. */
  maxRows?: number;
  /** Cell text is cut to this many characters, with an ellipsis. Default 250. */
  maxCellLength?: number;
  /** Default: on when the stream is a TTY and NO_COLOR is not set. */
  color?: boolean;
  /** Table width in characters. Default: the terminal's width − 10 on a TTY, else 120. */
  width?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

interface TableRow {
  vars: string[];
  cells: string[];
}

export class ConsoleTableSink implements Sink {
  private readonly maxRows: number;
  private readonly maxCell: number;
  private readonly c: Colors;
  private readonly color: boolean;
  private info: RunStartInfo | undefined;
  private rows: RowAssembler<TableRow | null> | undefined;
  private readonly shown: string[][] = [];
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
    this.rows = rowAssemblerFor<TableRow | null>(info, (row) => this.takeRow(row));
  }

  onResult(result: EvalResult): void {
    if (!this.rows || !this.info) return;
    // Past the rows shown, only the row count matters: keep a placeholder, not the text.
    const keep = this.shown.length < this.maxRows;
    this.rows.add(result.testIdx, result.promptIdx, keep ? { vars: this.varCells(result), cells: [this.cellText(result)] } : null);
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
    const head = [...info.varNames, ...info.prompts.map(columnTitle)].map((h) => ellipsize(h, this.maxCell));
    const width = this.opts.width ?? defaultWidth(this.stream);
    const colWidth = Math.max(8, Math.floor(width / Math.max(1, head.length)));
    const table = new Table({
      head: head.map((h) => (this.color ? this.c.bold(this.c.blue(h)) : h)),
      colWidths: head.map(() => colWidth),
      wordWrap: true,
      wrapOnWordBoundary: true,
      style: { head: [], border: [] },
    });
    for (const row of this.shown) table.push(row);
    let text = `${table.toString()}\n`;
    const hidden = this.rowCount - this.shown.length;
    if (hidden > 0) text += `... ${hidden} more row${hidden === 1 ? '' : 's'} not shown ...\n`;
    return text;
  }

  private takeRow(row: AssembledRow<TableRow | null>): void {
    this.rowCount++;
    if (this.shown.length >= this.maxRows) return;
    const present = row.cells.find((cell): cell is TableRow => cell !== undefined && cell !== null);
    if (!present) return;
    const columns = this.info?.prompts.length ?? 0;
    const cells: string[] = [];
    for (let i = 0; i < columns; i++) cells.push(row.cells[i]?.cells[0] ?? this.c.dim('(not run)'));
    this.shown.push([...present.vars, ...cells]);
  }

  private varCells(result: EvalResult): string[] {
    return (this.info?.varNames ?? []).map((name) => {
      const value = result.vars[name];
      const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value, null, 2) : String(value);
      return ellipsize(text, this.maxCell);
    });
  }

  private cellText(result: EvalResult): string {
    const c = this.c;
    const status = cellStatus(result);
    const cached = isCached(result) ? c.gray(' (cached)') : '';
    const output = outputText(result);
    if (status === 'PASS') return `${c.green('[PASS]')} ${ellipsize(output, this.maxCell)}${cached}`;
    if (status === 'ERROR') return `${c.red('[ERROR]')} ${ellipsize(output || errorText(result), this.maxCell)}${cached}`;
    const reason = ellipsize(failureText(result), this.maxCell);
    const rest = ellipsize(output, Math.max(20, this.maxCell - reason.length));
    const text = reason ? `${c.bold(c.red(reason))}${rest ? `\n---\n${rest}` : ''}` : rest;
    return `${c.red('[FAIL]')} ${text}${cached}`;
  }
}

export function ellipsize(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 3 ? text.slice(0, max) : `${text.slice(0, max - 3)}...`;
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

function defaultWidth(stream: NodeJS.WritableStream): number {
  const columns = (stream as { columns?: number }).columns;
  return isTty(stream) && typeof columns === 'number' && columns > 10 ? columns - 10 : 120;
}
