// The start every file sink built on a SpooledDocument shares: remember the run's info (its
// head and tail are written from it at the end) and open the body before the first result.

import type { EvalResult, RunStartInfo, RunSummary, Sink } from '../types.js';
import { SpooledDocument } from './spooled-document.js';

export abstract class SpooledSink implements Sink {
  protected readonly doc: SpooledDocument;
  protected info: RunStartInfo | undefined;

  constructor(readonly path: string) {
    this.doc = new SpooledDocument(path);
  }

  async onRunStart(info: RunStartInfo): Promise<void> {
    this.info = info;
    await this.doc.start();
  }

  abstract onResult(result: EvalResult): Promise<void>;
  abstract onRunEnd(summary: RunSummary): Promise<void>;
}
