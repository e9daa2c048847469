// Streamed file writing for the sinks: backpressure-aware writes, temp paths next to the target
// and an atomic rename, so no output file is ever seen half-written. Temp files get a random name
// and are created exclusively, so a symlink planted at a guessable path cannot redirect a write.

import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';

/** A new, unguessable temp path beside `target` (same folder, so the final rename is atomic). */
export function tempPathFor(target: string, tag = ''): string {
  return `${target}.tmp-${process.pid}-${randomBytes(8).toString('hex')}${tag ? `-${tag}` : ''}`;
}

export class FileWriter {
  private failure: Error | undefined;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /**
   * Creates (truncates) `path`, making parent folders as needed. `bufferBytes` is how much may sit
   * in the stream before `write` asks the caller to wait (Node's default: 16 KB).
   */
  static async create(path: string, bufferBytes?: number): Promise<FileWriter> {
    return FileWriter.open(path, 'w', bufferBytes);
  }

  /** Creates a temp file that must not exist yet (`wx`): never follows a symlink, never reuses a file. */
  static async createTemp(path: string): Promise<FileWriter> {
    return FileWriter.open(path, 'wx');
  }

  private static async open(path: string, flags: 'w' | 'wx', bufferBytes?: number): Promise<FileWriter> {
    await mkdir(dirname(path), { recursive: true });
    const stream = createWriteStream(path, bufferBytes ? { flags, highWaterMark: bufferBytes } : { flags });
    const writer = new FileWriter(path, stream);
    // events.once rejects by itself if 'error' fires first, and leaves no listener behind.
    await once(stream, 'open');
    return writer;
  }

  /** Queues `text`; the returned promise (if any) settles when the stream can take more. */
  write(text: string): void | Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.write(text)) return;
    return this.waitDrain();
  }

  /** True while the stream holds more than its buffer size: the next write will ask the caller to wait. */
  get full(): boolean {
    return this.stream.writableNeedDrain;
  }

  /** Appends the whole content of another file, streaming it. */
  async appendFileFrom(path: string): Promise<void> {
    for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
      await this.write(chunk as string);
    }
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.closed) return;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    if (this.failure) throw this.failure;
  }

  /** Queues `data` without waiting: the caller checks `full` (and waits with `drained`) itself. */
  queue(data: string | Uint8Array): void {
    if (this.failure) throw this.failure;
    this.stream.write(data);
  }

  /** Settles when the stream can take more (at once if it can now). */
  drained(): Promise<void> {
    return this.full ? this.waitDrain() : Promise.resolve();
  }

  private async waitDrain(): Promise<void> {
    await once(this.stream, 'drain');
  }
}

/** Moves a finished temp file onto its final path. */
export async function commitFile(tempPath: string, target: string): Promise<void> {
  await rename(tempPath, target);
}

export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true });
}
