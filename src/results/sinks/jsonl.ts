// JSONL output: one JSON line per result, appended as each cell completes, so a crash or Ctrl-C
// still leaves every finished result on disk (only whole lines are ever written).

import type { EvalResult, Sink, SkippedCell } from '../types.js';
import { stringifyResult, stringifySkipped } from '../export-result.js';
import { FileWriter } from './file-writer.js';

// Lines are gathered and written in chunks: one write per line made the run wait on the file
// stream's 16 KB buffer (a thread-pool round trip every ten lines) and cost a write call per cell.
// A chunk goes out when it is this long, or once the lines reported in one turn of the event loop
// are all in (setImmediate), so the file still trails the finished cells by one turn at most.
const CHUNK_CHARS = 128 * 1024;
// How much may sit in the file stream before the run is made to wait for the disk.
const STREAM_BUFFER_BYTES = 1024 * 1024;

export class JsonlSink implements Sink {
  private opening: Promise<FileWriter> | undefined;
  private file: FileWriter | undefined;
  private pending = '';
  private flushSoon: NodeJS.Immediate | undefined;

  constructor(readonly path: string) {}

  async onRunStart(): Promise<void> {
    await this.writer();
  }

  // Synchronous while the chunk fills: no promise per cell.
  onResult(result: EvalResult): void | Promise<void> {
    return this.append(`${stringifyResult(result)}\n`);
  }

  // A stopped run lists the cells it never ran, one line each, so the file accounts for the whole matrix.
  onSkipped(cell: SkippedCell): void | Promise<void> {
    return this.append(`${stringifySkipped(cell)}\n`);
  }

  async onRunEnd(): Promise<void> {
    // Even a run that produced nothing leaves an (empty) file where --output said.
    const file = await this.writer();
    await this.flush(file);
    await file.close();
  }

  private append(line: string): void | Promise<void> {
    const file = this.file;
    if (!file) return this.writer().then(() => this.append(line));
    this.pending += line;
    // A full stream (a slow disk) makes the run wait here rather than gather lines without bound.
    if (this.pending.length >= CHUNK_CHARS || file.full) return this.flush(file);
    this.flushSoon ??= setImmediate(() => {
      this.flushSoon = undefined;
      try {
        void this.flush(file);
      } catch {
        // The stream's error is kept by the writer and thrown by the next write or close.
      }
    });
    return undefined;
  }

  /** Hands the gathered lines to the stream; a promise when the stream's buffer is full. */
  private flush(file: FileWriter): void | Promise<void> {
    if (this.flushSoon) clearImmediate(this.flushSoon);
    this.flushSoon = undefined;
    const text = this.pending;
    if (text === '') return;
    this.pending = '';
    return file.write(text);
  }

  private writer(): Promise<FileWriter> {
    this.opening ??= FileWriter.create(this.path, STREAM_BUFFER_BYTES).then((file) => {
      this.file = file;
      return file;
    });
    return this.opening;
  }
}
