// The sink behind `-o <name>.assay`: streams the run's events into a gzip-compressed shard file as
// they happen (src/shard/format.ts), so a shard's results survive in a file that `assay merge`
// replays into the same sinks as a normal run. Results arrive already scrubbed of secrets by the
// runner; they are written with the same secret-free serialiser as the JSON output.

import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import { stringifyResult, stringifySafe, stringifySkipped } from '../results/export-result.js';
import { assayVersion } from '../results/sinks/file-metadata.js';
import type { EvalResult, RunStartInfo, RunSummary, Sink, SkippedCell } from '../results/types.js';
import { SHARD_FORMAT, SHARD_FORMAT_VERSION, type ShardHeader } from './format.js';

export class ShardFileSink implements Sink {
  private gzip: Gzip | undefined;
  private file: WriteStream | undefined;
  private failure: Error | undefined;
  private cells = 0;

  constructor(readonly path: string) {}

  async onRunStart(info: RunStartInfo): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    this.file = createWriteStream(this.path, { flags: 'w', mode: 0o600 });
    this.gzip = createGzip();
    this.gzip.pipe(this.file);
    this.file.on('error', (err) => (this.failure = err));
    this.gzip.on('error', (err) => (this.failure = err));
    const { expectedCells: _fn, shard, ...rest } = info;
    const header: ShardHeader = {
      type: 'header',
      format: SHARD_FORMAT,
      version: SHARD_FORMAT_VERSION,
      assayVersion: assayVersion(),
      suiteHash: info.suiteHash ?? '',
      shard: { index: shard?.index ?? 1, total: shard?.total ?? 1 },
      suiteCells: shard?.suiteCells ?? info.totalCells,
      suiteRows: shard?.suiteRows ?? info.totalRows,
      startedAt: info.timestamp,
      info: rest,
    };
    await this.line(stringifySafe(header));
  }

  async onResult(result: EvalResult): Promise<void> {
    this.cells++;
    await this.line(`{"type":"result","result":${stringifyResult(result)}}`);
  }

  async onSkipped(cell: SkippedCell): Promise<void> {
    this.cells++;
    // stringifySkipped adds a `skipped` marker for flat outputs; the record keeps the cell as it was.
    const { skipped: _s, success: _ok, ...plain } = JSON.parse(stringifySkipped(cell)) as Record<string, unknown>;
    await this.line(`{"type":"skipped","cell":${JSON.stringify(plain)}}`);
  }

  async onRunEnd(summary: RunSummary): Promise<void> {
    // The end record is the completeness marker: it is the last thing written.
    await this.line(JSON.stringify({ type: 'end', endedAt: new Date().toISOString(), cells: this.cells, summary }));
    const file = this.file!;
    this.gzip!.end();
    if (!file.closed) await once(file, 'close');
    if (this.failure) throw this.failure;
  }

  private async line(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.gzip) throw new Error('shard file written before the run started');
    if (!this.gzip.write(`${text}\n`)) await once(this.gzip, 'drain');
  }
}
