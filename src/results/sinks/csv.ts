// CSV output with promptfoo's columns: [Description], the vars, then per column the output,
// Status, Score, Named Scores, Grader Reason and Comment. Rows are written in test order as
// soon as they are complete; the file is renamed into place at the end.

import type { EvalResult, RunStartInfo, Sink, SkippedCell } from '../types.js';
import type { AssembledRow, RowAssembler } from '../row-assembler.js';
import { cellStatus, failureText, outputText, errorText } from '../export-result.js';
import { FileWriter, commitFile, removeQuietly, tempPathFor } from './file-writer.js';
import { safeCsvField } from './csv-safety.js';
import { columnTitle, firstHeader, rowAssemblerFor, rowHeaderOf, type RowHeader } from './rows.js';

const FIELDS_PER_COLUMN = 6;

interface CsvCell {
  header: RowHeader;
  fields: string[];
}

export class CsvSink implements Sink {
  private writer: FileWriter | undefined;
  private rows: RowAssembler<CsvCell> | undefined;
  private varNames: string[] = [];
  private columns = 0;
  private ready: string[] = [];
  private readonly tempPath: string;

  constructor(readonly path: string) {
    this.tempPath = tempPathFor(path);
  }

  async onRunStart(info: RunStartInfo): Promise<void> {
    this.varNames = info.varNames;
    this.columns = info.prompts.length;
    this.rows = rowAssemblerFor<CsvCell>(info, (row) => this.ready.push(this.formatRow(row)));
    this.writer = await FileWriter.createTemp(this.tempPath);
    const header = ['[Description]', ...info.varNames];
    for (const prompt of info.prompts)
      header.push(columnTitle(prompt), 'Status', 'Score', 'Named Scores', 'Grader Reason', 'Comment');
    await this.writer.write(csvLine(header));
  }

  async onResult(result: EvalResult): Promise<void> {
    if (!this.rows) return;
    this.rows.add(result.testIdx, result.promptIdx, {
      header: rowHeaderOf(result, this.varNames),
      fields: cellFields(result),
    });
    await this.writeReady();
  }

  async onSkipped(cell: SkippedCell): Promise<void> {
    if (!this.rows) return;
    this.rows.add(cell.testIdx, cell.promptIdx, {
      header: rowHeaderOf(cell, this.varNames),
      fields: ['', 'SKIPPED', '', '', cell.reason, ''],
    });
    await this.writeReady();
  }

  async onRunEnd(): Promise<void> {
    try {
      if (!this.writer) {
        this.writer = await FileWriter.createTemp(this.tempPath);
        await this.writer.write(csvLine(['[Description]']));
      }
      this.rows?.flush();
      await this.writeReady();
      await this.writer.close();
      await commitFile(this.tempPath, this.path);
    } finally {
      await removeQuietly(this.tempPath);
    }
  }

  private formatRow(row: AssembledRow<CsvCell>): string {
    const header = firstHeader(row);
    const fields = [header.description, ...header.vars];
    for (let i = 0; i < this.columns; i++) {
      fields.push(...(row.cells[i]?.fields ?? new Array<string>(FIELDS_PER_COLUMN).fill('')));
    }
    return csvLine(fields);
  }

  // One synchronous write for all ready rows keeps them in order even if calls overlap.
  private async writeReady(): Promise<void> {
    if (this.ready.length === 0) return;
    const text = this.ready.join('');
    this.ready = [];
    await this.writer?.write(text);
  }
}

function cellFields(result: EvalResult): string[] {
  const status = cellStatus(result);
  const output = outputText(result) || (status === 'ERROR' ? errorText(result) : '');
  const named = Object.keys(result.namedScores ?? {}).length ? JSON.stringify(result.namedScores) : '';
  const comment = result.gradingResult?.metadata?.comment;
  return [
    output,
    status,
    Number.isFinite(result.score) ? result.score.toFixed(2) : '',
    named,
    result.gradingResult?.reason ?? (status === 'ERROR' ? failureText(result) : ''),
    typeof comment === 'string' ? comment : '',
  ];
}

/** One RFC 4180 line: fields quoted when they hold a comma, quote or line break; formulas neutralised. */
export function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

// Every field may hold a model's output or another team's data: see csv-safety.ts.
function csvField(value: string): string {
  return safeCsvField(value);
}
