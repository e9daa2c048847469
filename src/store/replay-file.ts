// Replays a promptfoo-shape results.json (Assay's or promptfoo's) through sinks, so `assay show`
// prints and converts results made elsewhere the same way it does stored evals.

import { readFileSync } from 'node:fs';
import { AssayError } from '../errors.js';
import { RunMetrics } from '../results/metrics.js';
import type { CompletedPrompt, EvalResult, RunStartInfo, RunSummary } from '../results/types.js';
import { EventBus, type RunListener } from '../runner/events.js';

interface ResultsFile {
  evalId?: string;
  config?: Record<string, unknown>;
  results?: {
    timestamp?: string;
    results?: EvalResult[];
    prompts?: CompletedPrompt[];
    stats?: { durationMs?: number };
  };
}

export async function replayResultsFile(
  path: string,
  listeners: RunListener[],
): Promise<{ info: RunStartInfo; summary: RunSummary }> {
  let doc: ResultsFile;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as ResultsFile;
  } catch (err) {
    throw new AssayError(
      'USAGE',
      `${path} is not a readable results.json (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  const results = doc?.results?.results;
  if (!Array.isArray(results))
    throw new AssayError('USAGE', `${path} is not a promptfoo-shape results file: it has no results.results list.`);
  const prompts = doc.results?.prompts ?? [];
  const rows = results.reduce((max, r) => Math.max(max, (r.testIdx ?? 0) + 1), 0);
  const varNames = [...new Set(results.flatMap((r) => Object.keys(r.vars ?? {})))];
  const info: RunStartInfo = {
    evalId: doc.evalId ?? path,
    description: typeof doc.config?.description === 'string' ? doc.config.description : undefined,
    timestamp: doc.results?.timestamp ?? new Date(0).toISOString(),
    prompts,
    varNames,
    totalCells: results.length,
    totalRows: rows,
    concurrency: 1,
    config: doc.config ?? {},
  };
  const metrics = new RunMetrics(prompts, []);
  const bus = new EventBus(listeners);
  await bus.emit({ type: 'start', info });
  for (const result of [...results].sort(
    (a, b) => (a.testIdx ?? 0) - (b.testIdx ?? 0) || (a.promptIdx ?? 0) - (b.promptIdx ?? 0),
  )) {
    metrics.add(result);
    await bus.emit({ type: 'result', result, replayed: true });
  }
  const summary: RunSummary = {
    evalId: info.evalId,
    timestamp: info.timestamp,
    stats: metrics.stats(doc.results?.stats?.durationMs ?? 0),
    prompts: metrics.columns(),
    aborted: false,
  };
  await bus.emit({ type: 'end', summary });
  await bus.drain();
  return { info, summary };
}
