// While the run waits on a rate limit or a retry, progress says so instead of looking hung.

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../src/results/progress/index.js';
import type { RunEvent, WaitNotice } from '../../src/results/types.js';
import { makeInfo } from './factory.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { stream, text: () => out };
}

const rateLimit: WaitNotice = {
  provider: 'databricks:my-endpoint',
  service: 'Databricks',
  reason: 'rate-limit',
  kind: 'rate-limited',
  delayMs: 11_400,
  retry: 1,
  maxRetries: 4,
};
const retry: WaitNotice = {
  provider: 'ws://x',
  service: 'WebSocket',
  reason: 'retry',
  kind: 'transient',
  delayMs: 800,
  retry: 2,
  maxRetries: 3,
};
const waiting = (notice: WaitNotice): RunEvent => ({ type: 'waiting', ...notice });

describe('waiting notice in progress', () => {
  it('plain mode prints one line per wait, not one per refused call', () => {
    const { stream, text } = capture();
    let clock = 0;
    const reporter = createProgressReporter(stream, { tty: false, now: () => clock });
    reporter.onEvent({ type: 'start', info: makeInfo(10, 1) });
    for (let i = 0; i < 5; i++) reporter.onEvent(waiting(rateLimit));
    clock += 12_000;
    reporter.onEvent(waiting(retry));
    const lines = text().trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('Waiting'))).toEqual([
      'Waiting 12 s for Databricks rate limit',
      'Waiting 1 s to retry WebSocket after a server error (retry 2 of 3)',
    ]);
  });

  it('the bar shows the wait until it is over', () => {
    const { stream, text } = capture();
    let clock = 0;
    const reporter = createProgressReporter(stream, { tty: true, now: () => clock, redrawMs: 0 });
    reporter.onEvent({ type: 'start', info: makeInfo(10, 1) });
    clock += 10;
    reporter.onEvent(waiting(rateLimit));
    expect(text().split('\r').at(-1)).toContain('| waiting 12 s for Databricks rate limit');
    clock += 12_000;
    reporter.onEvent({ type: 'progress', completed: 1, total: 10, errors: 0 });
    expect(text().split('\r').at(-1)).not.toContain('waiting');
    reporter.stop();
  });

  it('the bar counts a long wait down with no events, and the notice fits 80 columns', async () => {
    const { stream, text } = capture();
    (stream as unknown as { columns: number }).columns = 80;
    let clock = 0;
    const reporter = createProgressReporter(stream, { tty: true, now: () => clock, redrawMs: 0, tickMs: 10 });
    reporter.onEvent({ type: 'start', info: makeInfo(30, 1) });
    clock += 1_000;
    reporter.onEvent({ type: 'progress', completed: 10, total: 30, errors: 0 });
    reporter.onEvent(waiting({ ...rateLimit, delayMs: 30_000 }));
    clock += 20_000;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const frame = text().split('\r').at(-1)!.replace('\u001b[K', '');
    reporter.stop();
    expect(frame).toContain('| waiting 10 s for Databricks rate limit');
    // Nothing finishes during the wait: the ETA is never shorter than the wait (it was "2s" frozen).
    expect(Number(/\| ETA (\d+)s \|/.exec(frame)?.[1])).toBeGreaterThanOrEqual(10);
    expect(frame).not.toContain('cells/s');
    expect(frame.length).toBeLessThanOrEqual(77);
  });

  it('a retry notice is said in full at 80 columns, shorter rather than cut', () => {
    const { stream, text } = capture();
    (stream as unknown as { columns: number }).columns = 80;
    let clock = 0;
    const reporter = createProgressReporter(stream, { tty: true, now: () => clock, redrawMs: 0 });
    reporter.onEvent({ type: 'start', info: makeInfo(30, 1) });
    clock += 1_000;
    reporter.onEvent({ type: 'progress', completed: 14, total: 30, errors: 0 });
    reporter.onEvent(waiting({ ...retry, service: 'OpenAI', delayMs: 1_500, retry: 1, maxRetries: 4 }));
    const frame = text().split('\r').at(-1)!.replace('\u001b[K', '');
    reporter.stop();
    expect(frame).toContain('| retry 1/4 of OpenAI in 2 s (server error)');
    expect(frame.length).toBeLessThanOrEqual(77);
  });
});
