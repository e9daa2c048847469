import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../src/results/progress/index.js';
import type { RunEvent } from '../../src/results/types.js';

/** The runner's event for a call waiting on a rate limit. */
const rateLimitWait = (delayMs: number): RunEvent => ({
  type: 'waiting',
  provider: 'databricks:x',
  service: 'Databricks',
  reason: 'rate-limit',
  kind: 'rate-limited',
  delayMs,
  retry: 1,
  maxRetries: 4,
});
import { makeInfo, makeResult, makeSummary } from './factory.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { stream, text: () => out };
}

function events(total: number, errorsAt: Set<number>): RunEvent[] {
  const info = makeInfo(total, 1);
  const list: RunEvent[] = [{ type: 'start', info }];
  let errors = 0;
  for (let i = 0; i < total; i++) {
    const result = makeResult(i, 0, errorsAt.has(i) ? 'error' : 'pass');
    if (errorsAt.has(i)) errors++;
    list.push({ type: 'result', result });
    list.push({ type: 'progress', completed: i + 1, total, errors, latest: result });
  }
  list.push({ type: 'end', summary: makeSummary(info, []) });
  return list;
}

describe('progress reporter', () => {
  it('plain mode: a start line, a line per 10%, and the final count', () => {
    const { stream, text } = capture();
    let clock = 0;
    const reporter = createProgressReporter(stream, { tty: false, now: () => clock });
    for (const e of events(100, new Set([5, 50]))) {
      clock += 10;
      reporter.onEvent(e);
    }
    const lines = text().trimEnd().split('\n');
    expect(lines[0]).toBe('Evaluating 100 cells (100 rows x 1 column, up to 4 at a time)');
    expect(lines.filter((l) => l.startsWith('Completed'))).toHaveLength(10);
    // 50 cells in 1 s (20 ms of fake clock per cell): 50 cells/s, so 50 left take 1 s.
    expect(lines).toContain('Completed 50/100 (50%), 1 error, 50 cells/s, ETA 1s');
    expect(lines.at(-1)).toMatch(/^Completed 100\/100 \(100%\), 2 errors, \d+ cells\/s$/);
  });

  it('plain mode: counts results when the runner sends no progress events', () => {
    const { stream, text } = capture();
    const reporter = createProgressReporter(stream, { tty: false });
    for (const e of events(10, new Set([1])).filter((x) => x.type !== 'progress')) reporter.onEvent(e);
    expect(text()).toMatch(/Completed 10\/10 \(100%\), 1 error/);
  });

  it('plain mode: prints a notice once, when it changes', () => {
    const { stream, text } = capture();
    const reporter = createProgressReporter(stream, { tty: false });
    const list = events(4, new Set());
    reporter.onEvent(list[0]!);
    reporter.onEvent(rateLimitWait(12_000));
    reporter.onEvent(rateLimitWait(12_000));
    for (const e of list.slice(1)) reporter.onEvent(e);
    expect(text().match(/waiting 12 s/gi)).toHaveLength(1);
  });

  it('TTY mode: shows cells/s, an ETA and the notice, and clears the finished bar', () => {
    const { stream, text } = capture();
    let clock = 0;
    const reporter = createProgressReporter(stream, { tty: true, now: () => clock, redrawMs: 0 });
    const list = events(10, new Set());
    reporter.onEvent(list[0]!);
    clock = 2000;
    // 2 of 10 cells in 2 s: 1 cell/s, 8 s left.
    for (const e of list.slice(1, 5)) reporter.onEvent(e);
    expect(text().split('\r').at(-1)).toContain('[====----------------] 20% | 2/10 | 1.0 cells/s | ETA 8s | ');
    // While a call waits, the wait takes the place of the rate (which says nothing then).
    reporter.onEvent(rateLimitWait(5_000));
    const screen = text().split('\r').at(-1)!;
    expect(screen).toContain('[====----------------] 20% | 2/10 | ETA 8s | waiting 5 s for Databricks rate limit | ');
    for (const e of list.slice(5)) reporter.onEvent(e);
    // Erased at the end: the last thing written returns to column 0 and clears the line.
    expect(text().endsWith('\r\u001b[K')).toBe(true);
    expect(text()).not.toContain('\n');
  });

  it('TTY mode: one line redrawn in place, throttled, ending with the final state', () => {
    const { stream, text } = capture();
    let clock = 0;
    const reporter = createProgressReporter(stream, { tty: true, now: () => clock });
    for (const e of events(50, new Set([3]))) {
      clock += 5; // 20 events per 100 ms window: most redraws are skipped
      reporter.onEvent(e);
    }
    reporter.stop();
    const out = text();
    const draws = out.split('\r').length - 1;
    expect(draws).toBeGreaterThan(1);
    expect(draws).toBeLessThan(20);
    expect(out.split('\n')).toHaveLength(1);
    expect(out).toMatch(
      /\[====================\] 100% \| 50\/50 \| \d+ cells\/s \| errors: 1 \| echo "Prompt 0: question 4…"/,
    );
    expect(out.endsWith('\r\u001b[K')).toBe(true);
  });
});
