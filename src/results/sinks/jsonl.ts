// JSONL output: one JSON line per result, appended as each cell completes, so a crash or Ctrl-C
// still leaves every finished result on disk (only whole lines are ever written).

import type { EvalResult, Sink, SkippedCell } from '../types.js';
import { stringifyResult, stringifySkipped } from '../export-result.js';
import { FileWriter } from './file-writer.js';

export class JsonlSink implements Sink {
  private opening: Promise<FileWriter> | undefined;

  constructor(readonly path: string) {}

  async onRunStart(): Promise<void> {
    await this.writer();
  }

  async onResult(result: EvalResult): Promise<void> {
    const line = `${stringifyResult(result)}\n`;
    await (await this.writer()).write(line);
  }

  // A stopped run lists the cells it never ran, one line each, so the file accounts for the whole matrix.
  async onSkipped(cell: SkippedCell): Promise<void> {
    await (await this.writer()).write(`${stringifySkipped(cell)}\n`);
  }

  async onRunEnd(): Promise<void> {
    // Even a run that produced nothing leaves an (empty) file where --output said.
    await (await this.writer()).close();
  }

  private writer(): Promise<FileWriter> {
    this.opening ??= FileWriter.create(this.path);
    return this.opening;
  }
}
