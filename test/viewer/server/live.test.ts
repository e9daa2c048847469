// Live updates: an eval running in another process is followed over server-sent events, with
// `progress` as its cells are stored and `end` when it finishes; a finished eval ends at once.

import { afterAll, describe, expect, it } from 'vitest';
import type { EvalListPage, LiveProgress, RowPage } from '../../../src/viewer/contract.js';
import type { ViewerServer } from '../../../src/viewer/server/server.js';
import { collect, runCli, startCli, tempDir, writeFiles } from '../../support/cli.js';
import { PROVIDER } from './fixture.js';
import { getJson, startServer } from './server-helpers.js';

interface SseEvent {
  event: string;
  data: LiveProgress;
}

/** Reads server-sent events until the stream closes (or `limitMs` passes). */
async function readEvents(url: string, limitMs: number): Promise<SseEvent[]> {
  const res = await fetch(url, { signal: AbortSignal.timeout(limitMs) });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: SseEvent[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) as LiveProgress });
      end = buffer.indexOf('\n\n');
    }
  }
  return events;
}

const suite = (tests: number) =>
  writeFiles({
    'provider.mjs': PROVIDER,
    'promptfooconfig.yaml': `prompts: ['Say {{n}}']\nproviders: [file://provider.mjs]\ntests:\n${Array.from({ length: tests }, (_, i) => `  - vars: { n: '${i}' }`).join('\n')}\n`,
  });

let server: ViewerServer | undefined;
afterAll(() => server?.close());

describe('live updates', () => {
  it('follows an eval running in another process until it ends', async () => {
    const home = tempDir();
    const env = { ASSAY_HOME: home, FIXED_FLAG: '/nonexistent' };
    const args = ['eval', '--no-table', '--no-progress-bar', '--no-cache', '-j', '1'];
    expect((await runCli(args, { cwd: suite(1), env })).code).toBe(0);
    server = await startServer(home);
    const running = startCli(args, { cwd: suite(16), env: { ...env, SLOW_MS: '150' } });
    const done = collect(running, 60_000);
    let id: string | undefined;
    for (let i = 0; i < 200 && !id; i++) {
      const list = await getJson<EvalListPage>(server, '/api/evals');
      id = list.evals.find((e) => e.status === 'running')?.id;
      if (!id) await new Promise((r) => setTimeout(r, 50));
    }
    expect(id, 'the running eval appears in the list').toBeDefined();
    // A filtered page read while the eval runs is kept per store version, never served stale later.
    const passes = () => getJson<RowPage>(server!, `/api/evals/${id}/rows?show=passes&sort=-score`);
    expect((await passes()).total).toBeLessThan(16);
    const events = await readEvents(`${server.url}api/evals/${id}/events`, 30_000);
    expect((await done).code).toBe(0);
    expect((await passes()).total).toBe(16);
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data.cells);
    // Several progress events as cells arrive, never going backwards, then one `end` with all 16.
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(new Set(progress).size).toBe(progress.length);
    const last = events[events.length - 1]!;
    expect(last.event).toBe('end');
    expect(last.data).toMatchObject({ status: 'complete', cells: 16, successes: 16 });
  }, 60_000);

  it('ends at once for an eval that is not running', async () => {
    const home = tempDir();
    const env = { ASSAY_HOME: home, FIXED_FLAG: '/nonexistent' };
    expect((await runCli(['eval', '--no-table', '--no-progress-bar'], { cwd: suite(2), env })).code).toBe(0);
    const own = await startServer(home);
    try {
      const events = await readEvents(`${own.url}api/evals/latest/events`, 10_000);
      expect(events.map((e) => e.event)).toEqual(['progress', 'end']);
      expect(events[1]!.data).toMatchObject({ status: 'complete', cells: 2 });
    } finally {
      await own.close();
    }
  });
});
