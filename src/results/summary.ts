// The end-of-run summary printed under the table: eval id, token totals (provider and grader
// apart), pass/fail/error counts with percentages, duration and concurrency, abort notice.

import pc from 'picocolors';
import type { TokenUsage } from '../providers/types.js';
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
  const lines: string[] = [];

  if (summary.aborted) {
    lines.push(c.yellow(`✗ Eval stopped early (ID: ${summary.evalId})`));
    const planned = opts.totalCells ?? completed;
    const why = summary.abortReason ? ` (${summary.abortReason})` : '';
    lines.push(`Stopped early${why}: ${completed} of ${planned} cells completed; outputs contain what completed.`);
  } else {
    lines.push(c.green(`✓ Eval complete (ID: ${summary.evalId})`));
  }

  lines.push('');
  const evalTotal = tokenUsage.total ?? 0;
  const gradingTotal = graderTokenUsage.total ?? 0;
  lines.push(`Total Tokens: ${num(evalTotal + gradingTotal)}`);
  lines.push(`  Eval: ${tokenLine(tokenUsage)}`);
  if (gradingTotal > 0 || (graderTokenUsage.numRequests ?? 0) > 0) lines.push(`  Grading: ${tokenLine(graderTokenUsage)}`);

  lines.push('');
  lines.push('Results:');
  lines.push(`  ${c.green('✓')} ${num(successes)} passed (${percent(successes, completed)})`);
  lines.push(`  ${c.red('✗')} ${num(failures)} failed (${percent(failures, completed)})`);
  lines.push(`  ${c.red('✗')} ${num(errors)} errors (${percent(errors, completed)})`);
  if (summary.stats.skipped > 0) lines.push(`  ${c.yellow('○')} ${num(summary.stats.skipped)} skipped (never ran)`);
  const concurrency = opts.concurrency ? ` (concurrency: ${opts.concurrency})` : '';
  lines.push(`Duration: ${formatDuration(durationMs)}${concurrency}`);
  return `${lines.join('\n')}\n`;
}

function tokenLine(usage: TokenUsage): string {
  const parts = [`prompt ${num(usage.prompt ?? 0)}`, `completion ${num(usage.completion ?? 0)}`];
  if (usage.cached) parts.push(`cached ${num(usage.cached)}`);
  if (usage.numRequests) parts.push(`requests ${num(usage.numRequests)}`);
  return `${num(usage.total ?? 0)} (${parts.join(', ')})`;
}

function percent(part: number, total: number): string {
  return total === 0 ? '0.00%' : `${((part / total) * 100).toFixed(2)}%`;
}

function num(n: number): string {
  // Plain grouping: toLocaleString would load ICU data (~15 ms) on every CLI run.
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1h 2m 3s`, `2m 5s`, `12.3s`, `450ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0ms';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}
