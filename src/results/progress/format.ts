// The text of a progress bar and of a plain progress line.

import { formatCount, formatPercent, formatRate, formatRemaining, plural } from '../format-numbers.js';
import type { WaitNotice } from '../types.js';
import type { ProgressState } from './state.js';

const BAR_CELLS = 20;

/**
 * `[=====-----] 50% | 5/10 | 12 cells/s | ETA 3s | errors: 1 | <wait> | <provider> "<prompt>"`,
 * cut to `width`. A rate-limit or retry wait comes before the latest cell so it survives
 * the cut on a narrow terminal.
 */
export function formatBar(state: ProgressState, width: number): string {
  const pct = state.percent();
  // A shorter bar on a narrow terminal leaves room for the wait notice at 80 columns.
  const cells = width < 100 ? BAR_CELLS / 2 : BAR_CELLS;
  const filled = Math.round((pct / 100) * cells);
  const parts = [
    `[${'='.repeat(filled)}${'-'.repeat(cells - filled)}] ${formatPercent(state.completed, state.total, 0)}`,
    `${formatCount(state.completed)}/${formatCount(state.total)}`,
  ];
  const waiting = state.waitingNow();
  // While calls wait, the rate only says "slow"; the wait itself says why, and needs the room.
  if (state.completed > 0 && !waiting) parts.push(`${formatRate(state.rate())} cells/s`);
  const eta = state.etaMs();
  if (eta !== undefined) parts.push(`ETA ${formatRemaining(eta)}`);
  if (state.errors > 0) parts.push(`errors: ${formatCount(state.errors)}`);
  // Before the latest cell, so a narrow terminal cuts the prompt excerpt and not the wait.
  if (waiting) {
    const full = formatWaiting(waiting, state.waitRemainingMs());
    const fits = [...parts, full].join(' | ').length <= width;
    // At 80 columns a retry notice loses its end ("after a serv…"): say it shorter instead.
    parts.push(fits ? full : formatWaitingShort(waiting, state.waitRemainingMs()));
  }
  const latest = state.latest;
  if (latest) {
    const prompt = latest.prompt.raw.replace(/\s+/g, ' ').trim();
    parts.push(
      `${latest.provider.label || latest.provider.id} "${prompt.length > 20 ? `${prompt.slice(0, 20)}…` : prompt}"`,
    );
  }
  const line = parts.join(' | ');
  return line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
}

/** `Completed 500/1,000 (50%), 2 errors, 120 cells/s, ETA 4s`. */
export function formatLine(state: ProgressState): string {
  const eta = state.etaMs();
  const etaText = eta !== undefined ? `, ETA ${formatRemaining(eta)}` : '';
  const counts = `${formatCount(state.completed)}/${formatCount(state.total)} (${formatPercent(state.completed, state.total, 0)})`;
  return `Completed ${counts}, ${plural(state.errors, 'error')}, ${formatRate(state.rate())} cells/s${etaText}`;
}

const KIND_SHORT: Record<string, string> = {
  transient: 'server error',
  connection: 'connection failure',
  'rate-limited': 'rate limit',
};

/** The retry notice for a narrow bar: `retry 1/4 of OpenAI in 2 s (server error)`. */
function formatWaitingShort(notice: WaitNotice, remainingMs: number): string {
  if (notice.reason === 'rate-limit') return formatWaiting(notice, remainingMs);
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  return `retry ${notice.retry}/${notice.maxRetries} of ${notice.service} in ${seconds} s (${KIND_SHORT[notice.kind] ?? notice.kind})`;
}

const KIND_WORDS: Record<string, string> = {
  transient: 'a server error',
  connection: 'a connection failure',
  'rate-limited': 'a rate limit',
};

/** The wait's time left (its whole delay unless told): `waiting 12 s for Databricks rate limit` / `waiting 2 s to retry WebSocket after a server error (retry 1 of 3)`. */
export function formatWaiting(notice: WaitNotice, remainingMs = notice.delayMs): string {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  if (notice.reason === 'rate-limit') return `waiting ${seconds} s for ${notice.service} rate limit`;
  return `waiting ${seconds} s to retry ${notice.service} after ${KIND_WORDS[notice.kind] ?? notice.kind} (retry ${notice.retry} of ${notice.maxRetries})`;
}
