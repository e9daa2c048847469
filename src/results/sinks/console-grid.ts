// The compact form of the console table for matrices too wide to read as a full table: a grid of
// PASS / FAIL / ERROR marks with numbered columns, the column legend under it, then one line per
// cell that did not pass saying why. Columns past the width go into further grids.

import Table from 'cli-table3';
import pc from 'picocolors';
import { cutErrorText } from '../cut-error-text.js';
import type { CellStatus } from '../export-result.js';
import { plural } from '../format-numbers.js';

export interface GridRow {
  label: string;
  /** By column; undefined for a cell that never ran. */
  cells: ({ status: CellStatus; reason: string } | undefined)[];
}

export interface GridInput {
  /** Column titles (`[provider] prompt`), shown in the legend. */
  columns: string[];
  rows: GridRow[];
  width: number;
  color: boolean;
  /** Lines of failure details before `… N more`. */
  maxDetails: number;
  /** List errored cells under the grid too. False when the errors are printed, grouped, anyway. */
  errorDetails: boolean;
}

// Width of a status column including its padding ("ERROR" + 2), plus one border.
const STATUS_WIDTH = 7;
const MIN_LABEL = 14;
const MAX_LABEL = 40;

export function renderGrid(input: GridInput): string {
  const c = pc.createColors(input.color);
  const width = Math.max(40, input.width);
  const perGrid = Math.max(1, Math.floor((width - 3 - MIN_LABEL) / (STATUS_WIDTH + 1)));
  const out: string[] = [];
  for (let start = 0; start < input.columns.length; start += perGrid) {
    const end = Math.min(input.columns.length, start + perGrid);
    out.push(gridTable(input, start, end, width, c));
  }
  out.push(legend(input.columns, width));
  const details = failureLines(input, width, c);
  if (details) out.push(details);
  return `${out.join('\n')}\n`;
}

function gridTable(input: GridInput, start: number, end: number, width: number, c: Colors): string {
  const count = end - start;
  // As wide as the longest label needs, within what the status columns leave.
  const longest = Math.max(4, ...input.rows.map((row) => oneLine(row.label, MAX_LABEL).length));
  const labelWidth = Math.min(longest + 2, MAX_LABEL, width - 3 - count * (STATUS_WIDTH + 1));
  const table = new Table({
    head: ['test', ...range(start, end).map((i) => `#${i + 1}`)].map((h) => (input.color ? c.bold(c.blue(h)) : h)),
    colWidths: [labelWidth, ...range(start, end).map(() => STATUS_WIDTH)],
    wordWrap: false,
    // One line per row and no rules between them: the grid is meant to be taken in at a glance.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: { head: [], border: [] },
  });
  for (const row of input.rows) {
    table.push([oneLine(row.label, labelWidth - 2), ...range(start, end).map((i) => mark(row.cells[i]?.status, c))]);
  }
  return table.toString();
}

function legend(columns: string[], width: number): string {
  const numberWidth = `#${columns.length}`.length;
  return columns.map((title, i) => oneLine(`${`#${i + 1}`.padEnd(numberWidth)} ${title}`, width)).join('\n');
}

/** One line per cell that did not pass: `<row> · #3 [FAIL] <reason>`. */
function failureLines(input: GridInput, width: number, c: Colors): string {
  const lines: string[] = [];
  let more = 0;
  for (const row of input.rows) {
    row.cells.forEach((cell, i) => {
      if (!cell || cell.status === 'PASS' || (cell.status === 'ERROR' && !input.errorDetails)) return;
      if (lines.length >= input.maxDetails) return void more++;
      const tag = cell.status === 'ERROR' ? '[ERROR]' : '[FAIL]';
      const head = `${oneLine(row.label, 30)} · #${i + 1} ${c.red(tag)}`;
      const flat = oneLine(cell.reason, Number.POSITIVE_INFINITY);
      const headWidth = strip(head).length;
      // On the same line when it fits whole; else on its own line, where more of it fits.
      if (2 + headWidth + 1 + flat.length <= width) return void lines.push(`${head} ${flat}`);
      const room = Math.max(20, width - 4);
      lines.push(`${head}\n    ${cell.status === 'ERROR' ? cutErrorText(flat, room) : oneLine(flat, room)}`);
    });
  }
  if (!lines.length) return '';
  if (more) lines.push(`… ${plural(more, 'more cell')} did not pass`);
  return `\nNot passed:\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

function mark(status: CellStatus | undefined, c: Colors): string {
  if (status === 'PASS') return c.green('PASS');
  if (status === 'FAIL') return c.red('FAIL');
  if (status === 'ERROR') return c.red('ERROR');
  return c.dim('–');
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

function strip(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

type Colors = ReturnType<typeof pc.createColors>;
