// Writes the HTML report as results arrive: the viewer app with the eval embedded (gzip, then
// base64). Rows and details are spooled to temp files in grid order while the run goes; at the end
// header + rows + details stream through gzip and base64 into the page, so memory stays flat
// however large the eval. Large evals keep failures and errors whole and summarise passes.

import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { CellDetail, EvalListing, ViewRow } from '../contract.js';
import type { EvalResult, RunStartInfo, RunSummary, SkippedCell, Sink } from '../../results/types.js';
import { FileWriter, commitFile, removeQuietly, tempPathFor } from '../../results/sinks/file-writer.js';
import { type AssemblerOptions, EmbeddedAssembler, degradedNoteFor } from '../model/embedded-assembler.js';
import { type DocumentParts, inlineDocument, linkedDocument, reportTitle } from './report-document.js';
import { readViewerBuild, requireViewerBuild } from './viewer-build.js';

/** Pass details beyond this many bytes of JSON are dropped (passes summarised) even below the cell threshold. */
export const PASS_DETAIL_BUDGET_BYTES = 32 * 1024 * 1024;
const SPOOL_BATCH_CHARS = 64 * 1024;

export interface ReportOptions {
  /** The viewer build to embed (default: this package's dist/viewer). */
  viewerDir?: string;
  degradeAboveCells?: number;
  passDetailBudgetBytes?: number;
  /** The store's listing of the eval, when writing a stored one (else built from the run's events). */
  listing?: EvalListing;
  /** A retried cell's earlier attempts, when writing a stored eval. */
  earlierAttempts?: AssemblerOptions['earlierAttempts'];
  /** `inline` (default): one self-contained file. `linked`: scripts and styles are files under `assetsDir`. */
  layout?: { kind: 'inline' } | { kind: 'linked'; assetsDir: string };
}

/** An append-only JSON list in a temp file; items are comma-joined and written in ~64 KB batches. */
class Spool {
  items = 0;
  bytes = 0;
  private pending: string[] = [];
  private pendingLength = 0;
  private writer: Promise<FileWriter> | undefined;
  constructor(readonly path: string) {}

  async append(json: string): Promise<void> {
    const text = this.items++ === 0 ? json : `,${json}`;
    this.bytes += text.length;
    this.pending.push(text);
    this.pendingLength += text.length;
    // One small write per cell costs more than the rest of the report together: batch them.
    if (this.pendingLength >= SPOOL_BATCH_CHARS) await this.flush();
  }

  async close(): Promise<boolean> {
    await this.flush();
    if (!this.writer) return false;
    await (await this.writer).close();
    return true;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    this.writer ??= FileWriter.createTemp(this.path);
    await (await this.writer).write(text);
  }

  async *read(): AsyncGenerator<Buffer> {
    if (this.items === 0) return;
    for await (const chunk of createReadStream(this.path)) yield chunk as Buffer;
  }
}

export class ReportWriter implements Sink {
  private readonly rows: Spool;
  private readonly problems: Spool;
  private readonly passes: Spool;
  private readonly viewerDir: string;
  private info: RunStartInfo | undefined;
  private assembler: EmbeddedAssembler | undefined;
  private ready: Array<[Spool, string]> = [];
  private passBudgetExceeded = false;
  /** Pass details not spooled once the budget was exceeded. */
  private droppedPasses = 0;

  constructor(
    readonly path: string,
    private readonly options: ReportOptions = {},
  ) {
    this.viewerDir = requireViewerBuild(`Writing the HTML report "${path}"`, options.viewerDir);
    this.rows = new Spool(tempPathFor(path, 'rows'));
    this.problems = new Spool(tempPathFor(path, 'details'));
    this.passes = new Spool(tempPathFor(path, 'passes'));
  }

  onRunStart(info: RunStartInfo): void {
    this.info = info;
    this.assembler = new EmbeddedAssembler(info, {
      degradeAboveCells: this.options.degradeAboveCells,
      earlierAttempts: this.options.earlierAttempts,
      onRow: (row: ViewRow) => this.ready.push([this.rows, JSON.stringify(row)]),
      onDetail: (detail: CellDetail, status) =>
        this.ready.push([
          status === 'pass' ? this.passes : this.problems,
          `${JSON.stringify(detail.cellId)}:${JSON.stringify(detail)}`,
        ]),
    });
  }

  async onResult(result: EvalResult): Promise<void> {
    this.assembler?.addResult(result);
    await this.writeReady();
  }

  async onSkipped(cell: SkippedCell): Promise<void> {
    this.assembler?.addSkipped(cell);
    await this.writeReady();
  }

  async onRunEnd(summary: RunSummary): Promise<void> {
    const info = this.info;
    const assembler = this.assembler;
    if (!info || !assembler) return;
    try {
      const { header, summary: view, passesSummarised } = assembler.finish(summary, this.options.listing);
      await this.writeReady();
      await Promise.all([this.rows.close(), this.problems.close(), this.passes.close()]);
      const keepPasses = !this.passBudgetExceeded;
      const summarised = passesSummarised + (keepPasses ? 0 : this.passes.items + this.droppedPasses);
      const reason = assembler.summarisePasses
        ? `This eval has ${info.totalCells.toLocaleString('en-US')} cells`
        : 'The passing cells’ details are too large for one file';
      const note = summarised > 0 ? degradedNoteFor(header.listing.id, summarised, reason) : undefined;
      const self = this;
      async function* json(): AsyncGenerator<Buffer | string> {
        yield `{"kind":"eval","header":${JSON.stringify(header)},"summary":${JSON.stringify(view)},`;
        if (note) yield `"degradedNote":${JSON.stringify(note)},`;
        yield '"rows":[';
        yield* self.rows.read();
        yield '],"details":{';
        yield* self.problems.read();
        if (keepPasses && self.passes.items > 0) {
          if (self.problems.items > 0) yield ',';
          yield* self.passes.read();
        }
        yield '}}';
      }
      await this.writeDocument(this.documentParts(header.listing), json());
    } finally {
      await Promise.all([
        removeQuietly(this.rows.path),
        removeQuietly(this.problems.path),
        removeQuietly(this.passes.path),
      ]);
    }
  }

  private documentParts(listing: EvalListing): DocumentParts {
    const build = readViewerBuild(this.viewerDir);
    const title = reportTitle(listing.description, listing.id);
    const layout = this.options.layout ?? { kind: 'inline' };
    return layout.kind === 'linked' ? linkedDocument(build, title, layout.assetsDir) : inlineDocument(build, title);
  }

  private async writeDocument(parts: DocumentParts, json: AsyncGenerator<Buffer | string>): Promise<void> {
    const temp = tempPathFor(this.path);
    try {
      const out = await FileWriter.createTemp(temp);
      try {
        await out.write(parts.head);
        await pipeline(json, createGzip({ level: 6 }), base64Chunks, async (chunks: AsyncIterable<string>) => {
          for await (const chunk of chunks) await out.write(chunk);
        });
        await out.write(parts.tail);
      } finally {
        await out.close();
      }
      await commitFile(temp, this.path);
    } finally {
      await removeQuietly(temp);
    }
  }

  private async writeReady(): Promise<void> {
    if (this.ready.length === 0) return;
    const ready = this.ready;
    this.ready = [];
    for (const [spool, json] of ready) {
      if (spool === this.passes) {
        if (this.passBudgetExceeded) {
          this.droppedPasses++;
          continue;
        }
        if (spool.bytes + json.length > (this.options.passDetailBudgetBytes ?? PASS_DETAIL_BUDGET_BYTES)) {
          this.passBudgetExceeded = true;
          this.droppedPasses++;
          continue;
        }
      }
      await spool.append(json);
    }
  }
}

/** Base64 of a byte stream, chunk by chunk (each chunk but the last a multiple of 3 bytes, so no padding inside). */
async function* base64Chunks(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % 3);
    if (whole > 0) yield bytes.subarray(0, whole).toString('base64');
    carry = bytes.subarray(whole);
  }
  if (carry.length > 0) yield carry.toString('base64');
}
