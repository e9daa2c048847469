// Runs a suite with what a person at a terminal (or CI) wants attached: progress on stderr,
// the results table and summary on stdout, and the requested output files.

import { createProgressReporter } from '../results/progress/index.js';
import { checkOutputPaths } from '../results/sinks/check-output-paths.js';
import { ConsoleTableSink, createFileSink } from '../results/sinks/index.js';
import { defaultWidth } from '../results/sinks/console-table.js';
import { ErrorDigest } from '../results/error-digest.js';
import { formatSummary } from '../results/summary.js';
import { terminalSafe, terminalSafeListener } from '../results/terminal-text.js';
import type { RunSummary } from '../results/types.js';
import { sinkListener, type RunListener } from '../runner/events.js';
import type { RunOptions } from '../runner/options.js';
import { runEval } from '../runner/run-eval.js';
import type { Suite } from '../suite/types.js';

export interface ReportingOptions {
  table: boolean;
  tableCellMaxLength?: number;
  progress: boolean;
  outputs: string[];
  /** The eval store's writer; it subscribes first so a cell is stored before any output shows it. */
  storeListener?: RunListener;
}

export async function runWithReporting(
  suite: Suite,
  runOptions: RunOptions,
  reporting: ReportingOptions,
): Promise<RunSummary> {
  // The run decides its effective concurrency and size; the summary line reports those.
  let planned = { concurrency: runOptions.maxConcurrency, totalCells: 0 };
  const listeners: RunListener[] = [
    (event) => {
      if (event.type === 'start') planned = { concurrency: event.info.concurrency, totalCells: event.info.totalCells };
    },
  ];
  if (reporting.storeListener) listeners.unshift(reporting.storeListener);
  const files = reporting.outputs.map((path) => createFileSink(path));
  await checkOutputPaths(reporting.outputs);
  const progress = reporting.progress
    ? createProgressReporter(process.stderr, { tty: Boolean(process.stderr.isTTY) })
    : undefined;
  // Console listeners see outputs and vars with control characters escaped (no raw ESC/OSC 52 on the terminal).
  if (progress) listeners.push(terminalSafeListener((event) => progress.onEvent(event)));
  // Ctrl-C's notice must not land after a half-drawn bar (and the terminal's "^C"): erase the
  // bar first. Prepended so it runs before the interrupt handler prints.
  const clearBar = () => progress?.clearLine();
  if (progress) {
    process.prependListener('SIGINT', clearBar);
    process.prependListener('SIGTERM', clearBar);
  }
  const table = {
    maxCellLength: reporting.tableCellMaxLength,
    color: useColor(),
    outputs: reporting.outputs,
    errorDetails: false,
  };
  if (reporting.table) listeners.push(terminalSafeListener(sinkListener(new ConsoleTableSink(process.stdout, table))));
  // Why cells errored is printed whether or not the table is.
  const errors = new ErrorDigest();
  listeners.push(sinkListener(errors));
  for (const sink of files) listeners.push(sinkListener(sink));

  let summary: RunSummary;
  try {
    summary = await runEval(suite, runOptions, listeners);
  } finally {
    progress?.stop();
    process.off('SIGINT', clearBar);
    process.off('SIGTERM', clearBar);
  }
  const digest = errors.format({ color: useColor(), width: defaultWidth(process.stdout), outputs: reporting.outputs });
  if (digest) process.stdout.write(`${digest}\n`);
  process.stdout.write(`${formatSummary(terminalSafe(summary), { ...planned, color: useColor() })}\n`);
  if (reporting.outputs.length) process.stdout.write(`Wrote ${reporting.outputs.join(', ')}\n`);
  return summary;
}

function useColor(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}
