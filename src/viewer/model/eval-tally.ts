// Everything the eval page's header and summary panel need, counted one cell at a time so no
// caller has to hold the results: per-column pass/fail/error/skipped, score histograms, latency,
// cost and tokens; the named metrics and metadata keys seen; each column's provider id and label.

import type { ColumnSummary, EvalHeader, EvalListing, EvalSummaryView, ViewColumn } from '../contract.js';
import type { EvalResult, RunStartInfo, RunSummary, SkippedCell } from '../../results/types.js';
import { cellStatusOf } from './cell-summary.js';

const HISTOGRAM_BINS = 10;

interface ColumnTally extends ColumnSummary {
  latencySum: number;
  latencyCount: number;
  providerId?: string;
  providerLabel?: string;
}

export class EvalTally {
  private readonly columns: ColumnTally[] = [];
  private readonly metricNames = new Set<string>();
  private readonly metadataKeys = new Set<string>();
  private readonly rowsSeen = new Set<number>();

  constructor(private readonly info: RunStartInfo) {
    for (let i = 0; i < info.prompts.length; i++) this.column(i);
  }

  addResult(result: EvalResult): void {
    this.rowsSeen.add(result.testIdx);
    const column = this.column(result.promptIdx);
    column.providerId ??= result.provider.id;
    column.providerLabel ??= result.provider.label;
    const status = cellStatusOf(result);
    column[status]++;
    if (status !== 'error' && Number.isFinite(result.score)) {
      const bin = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(result.score * HISTOGRAM_BINS)));
      column.scoreHistogram[bin]!++;
    }
    if (Number.isFinite(result.latencyMs)) {
      column.latencySum += result.latencyMs;
      column.latencyCount++;
    }
    if (typeof result.cost === 'number' && Number.isFinite(result.cost))
      column.totalCost = (column.totalCost ?? 0) + result.cost;
    if (typeof result.tokenUsage?.total === 'number')
      column.totalTokens = (column.totalTokens ?? 0) + result.tokenUsage.total;
    for (const name of Object.keys(result.namedScores ?? {})) this.metricNames.add(name);
    for (const key of Object.keys(result.testCase?.metadata ?? {})) this.metadataKeys.add(key);
  }

  addSkipped(cell: SkippedCell): void {
    this.rowsSeen.add(cell.testIdx);
    const column = this.column(cell.promptIdx);
    column.providerId ??= cell.provider.id;
    column.providerLabel ??= cell.provider.label;
    column.skipped++;
  }

  summary(): EvalSummaryView {
    return {
      columns: this.columns.map(({ latencySum, latencyCount, providerId, providerLabel, ...column }) =>
        latencyCount > 0 ? { ...column, avgLatencyMs: latencySum / latencyCount } : column,
      ),
    };
  }

  header(listing: EvalListing): EvalHeader {
    return {
      listing,
      columns: this.info.prompts.map((prompt, promptIdx): ViewColumn => {
        const tally = this.columns[promptIdx];
        const column: ViewColumn = {
          promptIdx,
          promptLabel: prompt.label,
          promptRaw: prompt.raw,
          provider: tally?.providerId ?? prompt.provider,
        };
        const label = tally?.providerLabel;
        if (label) column.providerLabel = label;
        return column;
      }),
      varNames: [...this.info.varNames],
      totalRows: this.rowsSeen.size,
      metricNames: [...this.metricNames].sort(),
      metadataKeys: [...this.metadataKeys].sort(),
    };
  }

  private column(promptIdx: number): ColumnTally {
    for (let i = this.columns.length; i <= promptIdx; i++) {
      this.columns.push({
        promptIdx: i,
        pass: 0,
        fail: 0,
        error: 0,
        skipped: 0,
        scoreHistogram: new Array<number>(HISTOGRAM_BINS).fill(0),
        latencySum: 0,
        latencyCount: 0,
      });
    }
    return this.columns[promptIdx]!;
  }
}

/** The listing of a run that is not (or not yet) read back from the store: built from its own events. */
export function listingOfRun(info: RunStartInfo, summary: RunSummary): EvalListing {
  const { successes, failures, errors, skipped, durationMs } = summary.stats;
  const listing: EvalListing = {
    id: summary.evalId || info.evalId,
    createdAt: info.timestamp,
    status: summary.aborted ? 'interrupted' : 'complete',
    cells: info.totalCells,
    successes,
    failures,
    errors,
    skipped,
    durationMs,
    runs: 1,
  };
  if (info.description) listing.description = info.description;
  if (info.suiteHash) listing.suiteHash = info.suiteHash;
  return listing;
}
