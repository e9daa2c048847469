// The `-o report.html` output: one self-contained file holding the browser viewer with the eval
// embedded (src/viewer/report/report-writer.ts). The writer is loaded only when a run starts, so
// `assay eval` without an HTML output never loads any of the viewer; a missing viewer build is
// one clear error when the sink is made, before the run.

import type { EvalResult, RunStartInfo, RunSummary, SkippedCell, Sink } from '../types.js';
import type { ReportOptions, ReportWriter } from '../../viewer/report/report-writer.js';
import { requireViewerBuild } from '../../viewer/report/viewer-build.js';

export class HtmlSink implements Sink {
  private writer: ReportWriter | undefined;

  constructor(
    readonly path: string,
    private readonly options: ReportOptions = {},
  ) {
    this.options = { ...options, viewerDir: requireViewerBuild(`Writing "${path}"`, options.viewerDir) };
  }

  async onRunStart(info: RunStartInfo): Promise<void> {
    const { ReportWriter } = await import('../../viewer/report/report-writer.js');
    this.writer = new ReportWriter(this.path, this.options);
    this.writer.onRunStart(info);
  }

  async onResult(result: EvalResult): Promise<void> {
    await this.writer?.onResult(result);
  }

  async onSkipped(cell: SkippedCell): Promise<void> {
    await this.writer?.onSkipped(cell);
  }

  async onRunEnd(summary: RunSummary): Promise<void> {
    await this.writer?.onRunEnd(summary);
  }
}
