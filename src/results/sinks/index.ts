// Picks the output format from a file's extension (promptfoo's --output rules) and re-exports
// the sinks for callers that build them directly.

import { extname } from 'node:path';
import { AssayError } from '../../errors.js';
import type { Sink } from '../types.js';
import { CsvSink } from './csv.js';
import { HtmlSink } from './html.js';
import { JsonSink } from './json.js';
import { JsonlSink } from './jsonl.js';
import { JunitSink } from './junit.js';
import { YamlSink } from './yaml.js';
import { ShardFileSink } from '../../shard/shard-file-sink.js';

const FORMATS = {
  '.json': (path: string) => new JsonSink(path),
  '.jsonl': (path: string) => new JsonlSink(path),
  '.csv': (path: string) => new CsvSink(path),
  '.html': (path: string) => new HtmlSink(path),
  '.htm': (path: string) => new HtmlSink(path),
  '.xml': (path: string) => new JunitSink(path),
  '.yaml': (path: string) => new YamlSink(path),
  '.yml': (path: string) => new YamlSink(path),
  // promptfoo 0.123 writes .txt as the same YAML document as .yaml (checked side by side).
  '.txt': (path: string) => new YamlSink(path),
  // A shard file for `assay merge` (src/shard/format.ts).
  '.assay': (path: string) => new ShardFileSink(path),
} satisfies Record<string, (path: string) => Sink>;

export const SUPPORTED_OUTPUT_EXTENSIONS = Object.keys(FORMATS);

/** A sink writing `path` in the format its extension names. Throws AssayError('USAGE') otherwise. */
export function createFileSink(path: string): Sink {
  const ext = extname(path).toLowerCase();
  const make = (FORMATS as Record<string, ((p: string) => Sink) | undefined>)[ext];
  if (!make) {
    throw new AssayError(
      'USAGE',
      `Cannot write results to "${path}": unknown output format "${ext || '(no extension)'}". Use one of: ${SUPPORTED_OUTPUT_EXTENSIONS.join(', ')}.`,
    );
  }
  return make(path);
}

export { ConsoleTableSink, type ConsoleTableOptions } from './console-table.js';
export { CsvSink } from './csv.js';
export { HtmlSink } from './html.js';
export { JsonSink } from './json.js';
export { JsonlSink } from './jsonl.js';
export { JunitSink } from './junit.js';
export { YamlSink } from './yaml.js';
