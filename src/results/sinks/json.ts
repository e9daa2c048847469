// JSON output in promptfoo's v3 shape: { evalId, results: { version: 3, timestamp, prompts,
// results, stats }, config, shareableUrl, metadata }. Results are spooled to disk as they arrive
// (in completion order) and the document is assembled at the end, so memory does not grow.

import type { EvalResult, RunSummary } from '../types.js';
import { stringifyResult, stringifySafe } from '../export-result.js';
import { fileMetadata } from './file-metadata.js';
import { SpooledSink } from './spooled-sink.js';

export class JsonSink extends SpooledSink {
  private count = 0;

  override async onResult(result: EvalResult): Promise<void> {
    // Counted before awaiting so overlapping calls still get the right separator.
    const separator = this.count++ === 0 ? '\n' : ',\n';
    await this.doc.append(`${separator}    ${stringifyResult(result)}`);
  }

  override async onRunEnd(summary: RunSummary): Promise<void> {
    const head = [
      '{',
      `  "evalId": ${JSON.stringify(summary.evalId)},`,
      '  "results": {',
      '    "version": 3,',
      `    "timestamp": ${JSON.stringify(summary.timestamp)},`,
      `    "prompts": ${indent(stringifySafe(summary.prompts, 2), 4)},`,
      '    "results": [',
    ].join('\n');
    const tail = [
      // An empty run closes the array on the same line: "results": []
      this.count === 0 ? '],' : '\n    ],',
      `    "stats": ${indent(JSON.stringify(summary.stats, null, 2), 4)}`,
      '  },',
      `  "config": ${indent(stringifySafe(this.info?.config ?? {}, 2), 2)},`,
      '  "shareableUrl": null,',
      ...(summary.aborted
        ? [`  "aborted": true,`, `  "abortReason": ${JSON.stringify(summary.abortReason ?? null)},`]
        : []),
      `  "metadata": ${indent(JSON.stringify({ ...fileMetadata(summary.timestamp), ...(summary.shards ? { shards: summary.shards } : {}) }, null, 2), 2)}`,
      '}',
      '',
    ].join('\n');
    await this.doc.finish(head, tail);
  }
}

function indent(json: string, spaces: number): string {
  return json.replace(/\n/g, `\n${' '.repeat(spaces)}`);
}
