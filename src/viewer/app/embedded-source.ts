// DataSource over the eval the static report embeds: <script type="application/octet-stream"
// id="assay-data"> holding base64 of gzip of JSON EmbeddedEval. Decoded once with the browser's
// DecompressionStream, then filtered and paged in memory with the server's RowFilter semantics.

import type { ComparePage, EmbeddedEval, EvalListPage, RowFilter, RowPage, ViewRow } from '../contract.js';
import { FilterError, filterRows } from './embedded-filter.js';
import { type DataSource, SourceError } from './source.js';

export const EMBEDDED_DATA_ID = 'assay-data';

/** The embedded payload's element, or null when the app runs against a server. */
export function findEmbeddedData(doc: Document): HTMLElement | null {
  return doc.getElementById(EMBEDDED_DATA_ID);
}

export async function decodeEmbedded(base64: string): Promise<EmbeddedEval> {
  const binary = atob(base64.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  const data = JSON.parse(await new Response(stream).text()) as EmbeddedEval;
  if (data?.kind !== 'eval' || !data.header || !Array.isArray(data.rows)) {
    throw new SourceError('The report holds no eval data this viewer can read.');
  }
  return data;
}

export class EmbeddedSource implements DataSource {
  readonly kind = 'embedded';
  readonly note?: string;
  /** The last filter's result, so scrolling pages through it without filtering again. */
  private cache?: { key: string; rows: ViewRow[] };

  constructor(private readonly data: EmbeddedEval) {
    this.note = data.degradedNote;
  }

  get evalId(): string {
    return this.data.header.listing.id;
  }

  async listEvals(): Promise<EvalListPage> {
    return { total: 1, evals: [this.data.header.listing] };
  }

  async header(evalId: string) {
    this.check(evalId);
    return this.data.header;
  }

  async rows(evalId: string, filter: RowFilter, offset: number, limit: number): Promise<RowPage> {
    this.check(evalId);
    const key = JSON.stringify(filter);
    if (this.cache?.key !== key) {
      try {
        this.cache = { key, rows: filterRows(this.data.rows, filter) };
      } catch (err) {
        if (err instanceof FilterError) throw new SourceError(err.message);
        throw err;
      }
    }
    const rows = this.cache.rows;
    return { total: rows.length, offset, rows: rows.slice(offset, offset + limit) };
  }

  async summary(evalId: string) {
    this.check(evalId);
    return this.data.summary;
  }

  async cell(evalId: string, cellId: string) {
    this.check(evalId);
    return Object.hasOwn(this.data.details, cellId) ? this.data.details[cellId] : undefined;
  }

  compare(): Promise<ComparePage> {
    return Promise.reject(new SourceError('Comparing needs `assay view`: a report holds one eval.'));
  }

  follow(_evalId: string, _onProgress: unknown, onEnd: () => void): () => void {
    // A report is a snapshot: nothing to follow.
    onEnd();
    return () => {};
  }

  private check(evalId: string): void {
    if (evalId !== this.evalId) throw new SourceError(`This report holds eval ${this.evalId}, not ${evalId}.`);
  }
}
