// Reads a shard file (src/shard/format.ts) record by record, streaming: a gunzip stream split into
// lines, so a file of any size is read in constant memory. Every way a file can be wrong (missing,
// not gzip, not a shard file, a newer format, cut short) is one AssayError naming the file.

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { AssayError, errorMessage } from '../errors.js';
import { SHARD_FORMAT, SHARD_FORMAT_VERSION, type ShardEnd, type ShardHeader, type ShardRecord } from './format.js';

/** Yields the header first, then cells, then the end record; throws if the file is not whole. */
export async function* readShardRecords(path: string): AsyncGenerator<ShardRecord> {
  const source = createReadStream(path);
  const gunzip = createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  gunzip.setEncoding('utf8');
  let pending = '';
  let lineNo = 0;
  let sawEnd = false;
  const parse = (line: string): ShardRecord => {
    lineNo++;
    let record: ShardRecord;
    try {
      record = JSON.parse(line) as ShardRecord;
    } catch {
      throw new AssayError('USAGE', `${path} is damaged: line ${lineNo} is not a JSON record`);
    }
    if (lineNo === 1) checkHeader(path, record);
    else if (sawEnd) throw new AssayError('USAGE', `${path} is damaged: records after its end record`);
    if (record.type === 'end') sawEnd = true;
    return record;
  };
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line) yield parse(line);
        newline = pending.indexOf('\n');
      }
    }
  } catch (err) {
    if (err instanceof AssayError) throw err;
    throw describeReadError(path, err, lineNo);
  } finally {
    source.destroy();
  }
  if (pending) throw incomplete(path, lineNo);
  if (lineNo === 0) throw new AssayError('USAGE', `${path} is empty: not an Assay shard file`);
  if (!sawEnd) throw incomplete(path, lineNo);
}

/** The header alone (first line), without reading the rest. */
export async function readShardHeader(path: string): Promise<ShardHeader> {
  const records = readShardRecords(path);
  try {
    const first = await records.next();
    return first.value as ShardHeader;
  } finally {
    await records.return(undefined);
  }
}

function checkHeader(path: string, record: ShardRecord): asserts record is ShardHeader {
  const header = record as Partial<ShardHeader>;
  if (header.type !== 'header' || header.format !== SHARD_FORMAT)
    throw new AssayError('USAGE', `${path} is not an Assay shard file (no ${SHARD_FORMAT} header)`);
  if (header.version !== SHARD_FORMAT_VERSION) {
    throw new AssayError(
      'USAGE',
      `${path} uses shard format version ${String(header.version)} (written by Assay ${String(header.assayVersion)}); this Assay reads version ${SHARD_FORMAT_VERSION}. Merge with the Assay version that wrote the shards.`,
    );
  }
}

function incomplete(path: string, lines: number): AssayError {
  const cells = Math.max(0, lines - 1);
  return new AssayError(
    'USAGE',
    `${path} is incomplete: it ends after ${cells} cell${cells === 1 ? '' : 's'} without its end record (the shard's run was killed or is still running, or the file was cut short). Re-run that shard.`,
  );
}

function describeReadError(path: string, err: unknown, lines: number): AssayError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AssayError('USAGE', `Shard file not found: ${path}`);
  if (code === 'EISDIR') return new AssayError('USAGE', `${path} is a folder, not a shard file`);
  if (code === 'Z_BUF_ERROR') return incomplete(path, lines);
  if (code === 'Z_DATA_ERROR')
    return lines === 0
      ? new AssayError('USAGE', `${path} is not an Assay shard file (not gzip-compressed)`)
      : new AssayError('USAGE', `${path} is damaged after ${lines} records (bad compressed data)`);
  return new AssayError('USAGE', `Cannot read ${path}: ${errorMessage(err)}`);
}

export type { ShardEnd, ShardHeader };
