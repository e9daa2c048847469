// YAML output: the same document as the JSON output, YAML-dumped (as promptfoo does for .yaml
// and .yml). Results are spooled to disk as they arrive and the document is assembled at the end.

import { stringify } from 'yaml';
import type { EvalResult, RunSummary } from '../types.js';
import { stringifyResult, stringifySafe } from '../export-result.js';
import { fileMetadata } from './file-metadata.js';
import { SpooledSink } from './spooled-sink.js';

const YAML_OPTIONS = { lineWidth: 0 } as const;

export class YamlSink extends SpooledSink {
  private count = 0;

  override async onResult(result: EvalResult): Promise<void> {
    this.count++;
    // Through JSON first so the YAML holds exactly what the JSON output would (secrets redacted).
    const item = stringify([JSON.parse(stringifyResult(result))], YAML_OPTIONS);
    await this.doc.append(indent(item, 4));
  }

  override async onRunEnd(summary: RunSummary): Promise<void> {
    const prompts: unknown = JSON.parse(stringifySafe(summary.prompts));
    const head =
      stringify(
        { evalId: summary.evalId, results: { version: 3, timestamp: summary.timestamp, prompts } },
        YAML_OPTIONS,
      ) + (this.count === 0 ? '  results: []\n' : '  results:\n');
    const tail =
      indent(stringify({ stats: summary.stats }, YAML_OPTIONS), 2) +
      stringify(
        {
          config: JSON.parse(stringifySafe(this.info?.config ?? {})) as unknown,
          shareableUrl: null,
          ...(summary.aborted ? { aborted: true, abortReason: summary.abortReason ?? null } : {}),
          metadata: fileMetadata(summary.timestamp),
        },
        YAML_OPTIONS,
      );
    await this.doc.finish(head, tail);
  }
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.replace(/^(?=.)/gm, pad);
}
