// Following a running eval: a real `assay eval` runs slowly (the emulator answers after a delay,
// one call at a time) while the eval page is open; new cells appear on the page without a reload.

import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningEmulators } from '../../src/emulator/index.js';
import { collect } from '../support/cli.js';
import { describeInBrowser, launchChromium, openPage, screenshot } from './support/chromium.js';
import {
  evalIds,
  type RunningViewer,
  startEmulators,
  startEval,
  startViewer,
  type Workspace,
  workspace,
} from './support/viewer-fixture.js';

const TESTS = 20;
const config = [
  'description: Live eval',
  "prompts: ['Say something about {{n}}']",
  'providers: [openai:chat:gpt-4o-mini]',
  'tests:',
  ...Array.from(
    { length: TESTS },
    (_, n) => `  - vars: { n: item${n} }\n    assert: [{ type: icontains, value: item${n} }]`,
  ),
  '',
].join('\n');

describeInBrowser('live eval (browser)', () => {
  let emulators: RunningEmulators;
  let browser: Browser;
  let viewer: RunningViewer | undefined;
  let evalRun: ChildProcess | undefined;
  let ws: Workspace;

  beforeAll(async () => {
    // Each answer takes 600 ms and calls go one at a time: the run lasts about 12 s.
    emulators = await startEmulators({ defaults: { latencyMs: 600 } });
    ws = workspace({ 'promptfooconfig.yaml': config }, emulators);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    evalRun?.kill('SIGKILL');
    await browser?.close();
    await viewer?.stop();
    await emulators?.close();
  });

  it('shows new cells as the running eval writes them, without a reload', async () => {
    evalRun = startEval(ws, ['-c', 'promptfooconfig.yaml', '-j', '1']);
    const finished = collect(evalRun, 60_000);
    let evalId: string | undefined;
    await expect.poll(async () => ([evalId] = await evalIds(ws)).length, { timeout: 15_000, interval: 200 }).toBe(1);
    viewer = await startViewer(ws);
    const { page, watch } = await openPage(browser, `${viewer.url}#/eval/${evalId}`);
    await page.evaluate(() => {
      (globalThis as any).__sameDocument = true;
    });
    await page.locator('.status-pill').waitFor();

    const counts: number[] = [];
    let sawLive = false;
    // Rows with a cell, as the page counts them (one column: a row per finished cell). Only the rows
    // on screen are in the DOM, so the count is read from the page's row counter.
    const cells = async () => Number.parseInt((await page.locator('.row-count').textContent()) ?? '', 10) || 0;
    while (evalRun.exitCode === null && counts.length < 200) {
      counts.push(await cells());
      sawLive ||= (await page.locator('.status-pill').textContent()) === 'running (live)';
      if (counts.length === 3) await screenshot(page, 'live-running');
      await page.waitForTimeout(150);
    }
    const run = await finished;
    expect(run.code).toBe(0);
    // After the run ends the page catches up to every cell, still without a reload.
    await expect.poll(cells, { timeout: 5_000 }).toBe(TESTS);
    await expect.poll(() => page.locator('.status-pill').textContent()).toBe('complete');
    expect(await page.locator('.result-cell[data-cell-id]').count()).toBeGreaterThan(3);
    await screenshot(page, 'live-complete');

    expect(sawLive).toBe(true);
    // Cells arrived in several steps while the page watched.
    const steps = new Set(counts.filter((n) => n > 0 && n < TESTS));
    expect(steps.size).toBeGreaterThanOrEqual(3);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    expect(watch.errors).toEqual([]);
  });
});
