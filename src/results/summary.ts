// The end-of-run summary printed under the table: how the run ended (one line), token totals
// (provider and grader apart), pass/fail/error counts with percentages, duration and concurrency.

import pc from 'picocolors';
import type { TokenUsage } from '../providers/types.js';
import { formatCount, formatDuration, formatPercent, plural } from './format-numbers.js';
import type { RunSummary } from './types.js';

export interface SummaryOptions {
  /** Colour the marks (✓ green, ✗ red). Default false. */
  color?: boolean;
  /** Concurrency the run used, shown after the duration. */
  concurrency?: number;
  /** Cells the run planned, for the "stopped early" notice. */
  totalCells?: number;
}

export function formatSummary(summary: RunSummary, opts: SummaryOptions = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const { successes, failures, errors, tokenUsage, graderTokenUsage, durationMs } = summary.stats;
  const completed = successes + failures + errors;
  const lines: string[] = [headline(summary, completed, opts.totalCells, c)];

  lines.push('');
  const evalTotal = tokenUsage.total ?? 0;
  const gradingTotal = graderTokenUsage.total ?? 0;
  lines.push(`Total Tokens: ${formatCount(evalTotal + gradingTotal)}`);
  lines.push(`  Eval: ${tokenLine(tokenUsage)}`);
  if (gradingTotal > 0 || (graderTokenUsage.numRequests ?? 0) > 0)
    lines.push(`  Grading: ${tokenLine(graderTokenUsage)}`);

  lines.push('');
  lines.push('Results:');
  // A mark is coloured only beside a count above zero: "✗ 0 failed" in red reads as a failure.
  const mark = (n: number, symbol: string, paint: (s: string) => string) => (n > 0 ? paint(symbol) : c.dim('·'));
  lines.push(
    `  ${mark(successes, '✓', c.green)} ${formatCount(successes)} passed (${formatPercent(successes, completed)})`,
  );
  lines.push(`  ${mark(failures, '✗', c.red)} ${formatCount(failures)} failed (${formatPercent(failures, completed)})`);
  lines.push(`  ${mark(errors, '✗', c.red)} ${plural(errors, 'error')} (${formatPercent(errors, completed)})`);
  if (summary.stats.skipped > 0)
    lines.push(`  ${c.yellow('○')} ${formatCount(summary.stats.skipped)} skipped (never ran)`);
  const concurrency = opts.concurrency ? ` (concurrency: ${opts.concurrency})` : '';
  lines.push(`Duration: ${formatDuration(durationMs)}${concurrency}`);
  return `${lines.join('\n')}\n`;
}

function tokenLine(usage: TokenUsage): string {
  const parts = [`prompt ${formatCount(usage.prompt ?? 0)}`, `completion ${formatCount(usage.completion ?? 0)}`];
  if (usage.cached) parts.push(`cached ${formatCount(usage.cached)}`);
  if (usage.numRequests) parts.push(`requests ${formatCount(usage.numRequests)}`);
  return `${formatCount(usage.total ?? 0)} (${parts.join(', ')})`;
}

/**
 * One line that says how the run ended. Green only when every cell ran and none errored: a run
 * where every cell errored did not "complete" in any sense a person cares about.
 */
function headline(summary: RunSummary, completed: number, totalCells: number | undefined, c: Colors): string {
  const { errors } = summary.stats;
  const id = `(ID: ${summary.evalId})`;
  if (summary.aborted) {
    // "Stopped by the user" reads "Stopped early by the user"; other reasons (a time limit) follow a colon.
    const reason = summary.abortReason;
    const lead = reason?.startsWith('Stopped ')
      ? `Stopped early ${reason.slice('Stopped '.length)}`
      : `Stopped early${reason ? `: ${reason}` : ''}`;
    const planned = formatCount(totalCells ?? completed);
    // Two lines so each fits 80 columns; "stopped" is said once.
    return `${c.yellow(`■ ${lead} ${id}`)}\n  ${formatCount(completed)} of ${planned} cells completed; outputs contain what completed.`;
  }
  if (completed > 0 && errors === completed)
    return c.red(
      `✗ Eval failed: ${completed === 1 ? 'the only cell' : `all ${formatCount(completed)} cells`} errored ${id}`,
    );
  if (errors > 0) return c.yellow(`! Eval complete with ${plural(errors, 'error')} ${id}`);
  return c.green(`✓ Eval complete ${id}`);
}

type Colors = ReturnType<typeof pc.createColors>;

export { formatDuration };
