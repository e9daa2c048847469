// `-o results.txt`: promptfoo's text table (the console table, every row, no colour) written to a
// file. The table needs every row at the end, so this sink keeps the rows it renders.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EvalResult, RunStartInfo, RunSummary, Sink } from '../types.js';
import { ConsoleTableSink } from './console-table.js';
import { commitFile, removeQuietly, tempPathFor } from './file-writer.js';

/** Wide enough that typical cells are not wrapped into narrow columns; files have no terminal. */
const FILE_TABLE_WIDTH = 160;

export class TextTableSink implements Sink {
  private text = '';
  private readonly table: ConsoleTableSink;

  constructor(private readonly path: string) {
    const collector = { write: (chunk: string) => ((this.text += chunk), true) } as unknown as NodeJS.WritableStream;
    this.table = new ConsoleTableSink(collector, { maxRows: Number.POSITIVE_INFINITY, color: false, width: FILE_TABLE_WIDTH });
  }

  onRunStart(info: RunStartInfo): void {
    this.table.onRunStart(info);
  }

  onResult(result: EvalResult): void {
    this.table.onResult(result);
  }

  async onRunEnd(_summary: RunSummary): Promise<void> {
    this.table.onRunEnd();
    await mkdir(dirname(this.path), { recursive: true });
    const temp = tempPathFor(this.path);
    try {
      await writeFile(temp, this.text.endsWith('\n') ? this.text : `${this.text}\n`);
      await commitFile(temp, this.path);
    } catch (err) {
      await removeQuietly(temp);
      throw err;
    }
  }
}
