// A file whose beginning depends on the end of the run (counts, final metrics): the body is
// streamed to a temp file while results arrive, then head + body + tail are streamed into
// another temp file that is renamed onto the target. Memory stays flat however many results.

import { FileWriter, commitFile, removeQuietly, tempPathFor } from './file-writer.js';

export class SpooledDocument {
  private body: FileWriter | undefined;
  private opening: Promise<FileWriter> | undefined;
  private readonly bodyPath: string;

  constructor(readonly target: string) {
    this.bodyPath = tempPathFor(target, 'body');
  }

  async start(): Promise<void> {
    this.opening ??= FileWriter.createTemp(this.bodyPath);
    this.body = await this.opening;
  }

  /** Appends to the body; await the result to respect backpressure. */
  async append(text: string): Promise<void> {
    if (!this.body) await this.start();
    await this.body!.write(text);
  }

  /** Writes `head`, the body, then `tail` to the target, atomically. */
  async finish(head: string, tail: string): Promise<void> {
    await this.start();
    const finalTemp = tempPathFor(this.target);
    try {
      await this.body!.close();
      const out = await FileWriter.createTemp(finalTemp);
      try {
        await out.write(head);
        await out.appendFileFrom(this.bodyPath);
        await out.write(tail);
      } finally {
        await out.close();
      }
      await commitFile(finalTemp, this.target);
    } finally {
      await removeQuietly(this.bodyPath);
      await removeQuietly(finalTemp);
    }
  }
}
