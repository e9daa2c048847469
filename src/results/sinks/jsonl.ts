// JSONL output: one JSON line per result, appended as each cell completes, so a crash or Ctrl-C
// still leaves every finished result on disk (only whole lines are ever written).

import type { EvalResult, Sink } from '../types.js';
import { stringifyResult } from '../export-result.js';
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

  async onRunEnd(): Promise<void> {
    // Even a run that produced nothing leaves an (empty) file where --output said.
    await (await this.writer()).close();
  }

  private writer(): Promise<FileWriter> {
    this.opening ??= FileWriter.create(this.path);
    return this.opening;
  }
}
