// The eval page in a real browser over `assay view`: open an eval from the list, filter to
// failures, search, reload the link (same view), open a cell and read every assertion's reason,
// and check the matrix is virtualised with a header that stays put while scrolling.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningEmulators } from '../../src/emulator/index.js';
import { describeInBrowser, launchChromium, openPage, screenshot } from './support/chromium.js';
import {
  evalIds,
  type RunningViewer,
  runEval,
  startEmulators,
  startViewer,
  workspace,
} from './support/viewer-fixture.js';

// 30 rows; every third (index 1, 4, 7 …) also asks for "Zanzibar", which no answer contains.
const TOPICS = (
  'bananas sourdough tea bicycles chess sailing gardening coffee running knitting pottery cheese ' +
  'kayaks origami juggling birdwatching camping baking fishing painting yoga surfing tennis ' +
  'archery climbing chocolate photography skating skiing rowing'
).split(' ');

function config(): string {
  const tests = TOPICS.flatMap((topic, i) => [
    `  - description: ${i === 0 ? 'A long description that has to wrap at word boundaries, never one letter per line, in the Test column' : `tip about ${topic}`}`,
    `    vars: { topic: ${topic} }`,
    '    assert:',
    '      - type: icontains',
    `        value: '${topic}'`,
    ...(i % 3 === 1 ? ['      - type: contains', '        value: Zanzibar'] : []),
    '      - type: llm-rubric',
    `        value: mentions ${topic}`,
  ]);
  return [
    'description: Browser test eval',
    'prompts:',
    // A chat prompt: the details show it message by message.
    '  - \'[{"role": "system", "content": "You write tips."}, {"role": "user", "content": "Write a one-line tip about {{topic}}"}]\'',
    'providers:',
    '  - openai:chat:gpt-4o-mini',
    '  - openai:chat:gpt-4.1-mini',
    'defaultTest:',
    '  options:',
    '    provider: openai:chat:gpt-4o-mini',
    'tests:',
    ...tests,
    '',
  ].join('\n');
}

describeInBrowser('viewer eval page (browser)', () => {
  let emulators: RunningEmulators;
  let viewer: RunningViewer;
  let browser: Browser;
  let evalId: string;

  beforeAll(async () => {
    emulators = await startEmulators();
    const ws = workspace({ 'promptfooconfig.yaml': config() }, emulators);
    await runEval(ws, ['-c', 'promptfooconfig.yaml']);
    [evalId] = (await evalIds(ws)) as [string];
    viewer = await startViewer(ws);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await viewer?.stop();
    await emulators?.close();
  });

  const rowCount = (page: Page) => page.locator('.row-count').textContent();

  it('opens an eval from the list, filters to failures, searches, and a link reopens the same view', async () => {
    const { page, watch } = await openPage(browser, viewer.url);
    await page.getByRole('link', { name: evalId }).click();
    await page.locator('.result-cell[data-cell-id]').first().waitFor();
    expect(await rowCount(page)).toBe(`${TOPICS.length} rows`);
    await screenshot(page, 'eval-page');

    // Summary: pass rate per column (20 of 30 pass in each), and the per-provider totals.
    await page.getByRole('button', { name: 'Summary' }).click();
    const summaryRows = page.locator('.summary-table:not(.providers) tbody tr');
    await summaryRows.first().waitFor();
    expect(await summaryRows.count()).toBe(2);
    for (const row of await summaryRows.all()) expect(await row.locator('.rate').textContent()).toBe('66.7%');
    expect(await page.locator('.summary-table.providers tbody tr').count()).toBe(2);
    await screenshot(page, 'eval-page-summary');
    await page.getByRole('button', { name: 'Hide summary' }).click();

    // The description wraps at words: wide, a few lines, never a column of single letters.
    const description = await page.locator('.test-cell .description').first().boundingBox();
    expect(description!.width).toBeGreaterThan(150);
    expect(description!.height).toBeLessThan(120);

    await page.getByRole('button', { name: 'Failures' }).click();
    await expect.poll(() => rowCount(page)).toBe('10 rows');
    expect(page.url()).toContain('show=failures');
    for (const row of await page.locator('.matrix-row').all()) {
      expect(await row.locator('.badge.fail').count()).toBeGreaterThan(0);
    }
    await screenshot(page, 'eval-page-failures');

    await page.getByLabel('Search rows').fill('chess');
    await expect.poll(() => rowCount(page)).toBe('1 row');
    expect(page.url()).toMatch(/show=failures.*q=chess|q=chess.*show=failures/);
    expect(await page.locator('.var-cell').first().textContent()).toBe('chess');

    // The URL is the view: reloading it gives the same filter, search and rows.
    await page.reload();
    await expect.poll(() => rowCount(page)).toBe('1 row');
    expect(await page.getByRole('button', { name: 'Failures' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Search rows').inputValue()).toBe('chess');
    await screenshot(page, 'eval-page-search');
    expect(watch.errors).toEqual([]);
  });

  it("shows a cell's details with every assertion's pass/fail and reason as stored", async () => {
    const { page, watch } = await openPage(browser, `${viewer.url}#/eval/${evalId}?show=failures`);
    const failed = page.locator('.result-cell.status-fail').first();
    await failed.waitFor();
    const cellId = (await failed.getAttribute('data-cell-id'))!;
    await failed.locator('.cell-open').click();
    const rows = page.locator('.details .assertions tbody tr');
    await rows.first().waitFor();
    expect(page.url()).toContain(`cell=${cellId}`);

    const stored: any = await page.evaluate(
      async (url) => (await fetch(url)).json(),
      `api/evals/${evalId}/cells/${cellId}`,
    );
    const components = stored.final.result.gradingResult.componentResults as Array<{ pass: boolean; reason: string }>;
    expect(await rows.count()).toBe(components.length);
    for (const [i, component] of components.entries()) {
      const row = rows.nth(i);
      expect(await row.locator('.badge').textContent()).toBe(component.pass ? 'PASS' : 'FAIL');
      expect(await row.locator('.reason').textContent()).toBe(component.reason);
      expect(component.reason.length).toBeGreaterThan(0);
    }
    const reasons = await page.locator('.details .reason').allTextContents();
    expect(reasons.some((r) => r.includes('Zanzibar'))).toBe(true);
    // The rendered prompt, message by message, and the call's figures.
    expect(await page.locator('.details .message .role').allTextContents()).toEqual(['system', 'user']);
    expect(await page.locator('.details .message pre').last().textContent()).toMatch(
      /^Write a one-line tip about \w+$/,
    );
    expect(await page.locator('.details .kv').last().textContent()).toMatch(/Latency.*ms/);
    await screenshot(page, 'cell-details');
    expect(watch.errors).toEqual([]);
  });

  it('renders only the rows in view and keeps the column headers visible while scrolling', async () => {
    const { page } = await openPage(browser, `${viewer.url}#/eval/${evalId}`);
    await page.locator('.result-cell[data-cell-id]').first().waitFor();
    await page.setViewportSize({ width: 1400, height: 500 });
    await page.locator('.matrix-scroll').evaluate((el) => el.scrollTo(0, 900));
    await page.waitForTimeout(200);
    const container = await page.locator('.matrix-scroll').boundingBox();
    const head = await page.locator('.matrix-head').boundingBox();
    expect(Math.abs(head!.y - container!.y)).toBeLessThan(2);
    expect(await page.locator('.matrix-row').count()).toBeLessThan(TOPICS.length);
    await screenshot(page, 'eval-page-scrolled');
  });

  it('hides a column (kept in the URL) and resizes one by dragging its header edge', async () => {
    const { page } = await openPage(browser, `${viewer.url}#/eval/${evalId}`);
    await page.locator('.result-cell[data-cell-id]').first().waitFor();
    const heads = page.locator('.matrix-head .head-cell');
    expect(await heads.count()).toBe(4);
    await page.locator('.columns-menu summary').click();
    await page.locator('.columns-menu label', { hasText: 'gpt-4.1-mini' }).locator('input').uncheck();
    await expect.poll(() => heads.count()).toBe(3);
    expect(page.url()).toContain('columns=0');
    // The rows are fetched again for the new columns: wait for them.
    await expect.poll(() => page.locator('.matrix-row').first().locator('.result-cell').count()).toBe(1);
    await page.locator('.columns-menu summary').click();

    const head = heads.nth(2);
    const before = (await head.boundingBox())!;
    const handle = (await head.locator('.resizer').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + 10);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 + 150, handle.y + 10, { steps: 5 });
    await page.mouse.up();
    const after = (await head.boundingBox())!;
    expect(after.width - before.width).toBeGreaterThan(120);
    const cell = (await page.locator('.matrix-row').first().locator('.result-cell').boundingBox())!;
    expect(Math.abs(cell.width - after.width)).toBeLessThan(2);
    await screenshot(page, 'eval-page-columns');
  });
});
