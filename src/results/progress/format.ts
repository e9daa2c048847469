// The text of a progress bar and of a plain progress line.

import type { WaitNotice } from '../types.js';
import type { ProgressState } from './state.js';

const BAR_CELLS = 20;

/** `[=====-----] 50% | 5/10 | errors: 1 | <provider> "<prompt start>"`, cut to `width`. */
export function formatBar(state: ProgressState, width: number): string {
  const pct = state.percent();
  const filled = Math.round((pct / 100) * BAR_CELLS);
  const parts = [`[${'='.repeat(filled)}${'-'.repeat(BAR_CELLS - filled)}] ${pct}%`, `${state.completed}/${state.total}`];
  if (state.errors > 0) parts.push(`errors: ${state.errors}`);
  // Before the latest cell, so a narrow terminal cuts the prompt excerpt and not the wait.
  const waiting = state.waitingNow();
  if (waiting) parts.push(formatWaiting(waiting));
  const latest = state.latest;
  if (latest) {
    const prompt = latest.prompt.raw.replace(/\s+/g, ' ').trim();
    parts.push(`${latest.provider.label || latest.provider.id} "${prompt.length > 20 ? `${prompt.slice(0, 20)}…` : prompt}"`);
  }
  const line = parts.join(' | ');
  return line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
}

/** `Completed 500/1000 (50%), 2 errors, 120 cells/s`. */
export function formatLine(state: ProgressState): string {
  const rate = state.rate();
  const rateText = rate >= 10 ? Math.round(rate).toString() : rate.toFixed(1);
  const errors = `${state.errors} error${state.errors === 1 ? '' : 's'}`;
  return `Completed ${state.completed}/${state.total} (${state.percent()}%), ${errors}, ${rateText} cells/s`;
}

const KIND_WORDS: Record<string, string> = { transient: 'a server error', connection: 'a connection failure', 'rate-limited': 'a rate limit' };

/** `waiting 12 s for Databricks rate limit` / `waiting 2 s to retry WebSocket after a server error (retry 1 of 3)`. */
export function formatWaiting(notice: WaitNotice): string {
  const seconds = Math.max(1, Math.ceil(notice.delayMs / 1000));
  if (notice.reason === 'rate-limit') return `waiting ${seconds} s for ${notice.service} rate limit`;
  return `waiting ${seconds} s to retry ${notice.service} after ${KIND_WORDS[notice.kind] ?? notice.kind} (retry ${notice.retry} of ${notice.maxRetries})`;
}
