// JSONL output: one JSON line per result, appended as each cell completes, so a crash or Ctrl-C
// still leaves every finished result on disk (only whole lines are ever written).

import { Buffer } from 'node:buffer';
import type { EvalResult, Sink, SkippedCell } from '../types.js';
import { stringifyResult, stringifySkipped } from '../export-result.js';
import { FileWriter } from './file-writer.js';

// Lines are gathered and written in chunks: one write per line made the run wait on the file
// stream's 16 KB buffer (a thread-pool round trip every ten lines) and cost a write call per cell.
// A chunk goes out when the next line would not fit, or once the lines reported in one turn of
// the event loop are all in (setImmediate), so the file still trails the finished cells by one
// turn at most. Each line is encoded straight into the chunk's bytes: no joined string of the
// whole chunk to build, flatten and encode again for every 128 KB written.
const CHUNK_BYTES = 128 * 1024;
// A turn's few lines are copied out of the chunk (which is kept) rather than handing the stream
// a mostly empty 128 KB buffer each turn.
const COPY_OUT_BELOW_BYTES = CHUNK_BYTES / 4;
// How much may sit in the file stream before the run is made to wait for the disk. The stream
// writes what it holds once per turn of the event loop, so on a busy run it often holds more than
// a turn's lines: on 100,000 CSV cells (140 MB of JSONL) it reached 1.7 MB. At 1 MB the run waited
// ~80 times, and each wait held back every finished result behind it (the store's commit gate
// too), so they outlived the young generation: 150 instead of 86 MB promoted, ~6% of the run's
// wall time. The bytes waiting are outside the JS heap and only a slow disk lets them pile up.
const STREAM_BUFFER_BYTES = 8 * 1024 * 1024;
const NEWLINE = 0x0a;

export class JsonlSink implements Sink {
  private opening: Promise<FileWriter> | undefined;
  private file: FileWriter | undefined;
  private chunk: Buffer | undefined;
  private used = 0;
  private flushSoon: NodeJS.Immediate | undefined;

  constructor(readonly path: string) {}

  async onRunStart(): Promise<void> {
    await this.writer();
  }

  // Synchronous while the chunk fills: no promise per cell.
  onResult(result: EvalResult): void | Promise<void> {
    return this.append(stringifyResult(result));
  }

  // A stopped run lists the cells it never ran, one line each, so the file accounts for the whole matrix.
  onSkipped(cell: SkippedCell): void | Promise<void> {
    return this.append(stringifySkipped(cell));
  }

  async onRunEnd(): Promise<void> {
    // Even a run that produced nothing leaves an (empty) file where --output said.
    const file = await this.writer();
    await this.flush(file);
    await file.close();
  }

  /** Adds one line (`json` and a newline) to the file, in order. */
  private append(json: string): void | Promise<void> {
    const file = this.file;
    if (!file) return this.writer().then(() => this.append(json));
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a line this long might not fit, so the gathered
    // lines go first and then the line itself, as text.
    const mostBytes = json.length * 3 + 1;
    if (mostBytes > CHUNK_BYTES) {
      this.handOver(file);
      file.queue(`${json}\n`);
      return this.flush(file);
    }
    if (this.used + mostBytes > CHUNK_BYTES) this.handOver(file);
    this.chunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
    this.used += this.chunk.write(json, this.used, 'utf8');
    this.chunk[this.used++] = NEWLINE;
    // A full stream (a slow disk) makes the run wait here rather than gather lines without bound.
    if (file.full) return this.flush(file);
    this.flushSoon ??= setImmediate(() => {
      this.flushSoon = undefined;
      try {
        // Only handed over: a full stream is waited for by the next line's append.
        this.handOver(file);
      } catch {
        // The stream's error is kept by the writer and thrown by the next write or close.
      }
    });
    return undefined;
  }

  /** Gives the gathered lines to the stream (its fullness is the caller's to check). */
  private handOver(file: FileWriter): void {
    const chunk = this.chunk;
    const used = this.used;
    if (!chunk || used === 0) return;
    this.used = 0;
    if (used < COPY_OUT_BELOW_BYTES) {
      file.queue(Buffer.from(chunk.subarray(0, used)));
      return;
    }
    // The stream keeps this buffer until it is written: the next lines go into a new one.
    this.chunk = undefined;
    file.queue(chunk.subarray(0, used));
  }

  /** Hands the gathered lines to the stream; a promise when the stream's buffer is full. */
  private flush(file: FileWriter): void | Promise<void> {
    if (this.flushSoon) clearImmediate(this.flushSoon);
    this.flushSoon = undefined;
    this.handOver(file);
    return file.full ? file.drained() : undefined;
  }

  private writer(): Promise<FileWriter> {
    this.opening ??= FileWriter.create(this.path, STREAM_BUFFER_BYTES).then((file) => {
      this.file = file;
      return file;
    });
    return this.opening;
  }
}
