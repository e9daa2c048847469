// The static report (`assay eval -o report.html`) is the same app, opened from file:// with no
// server: the matrix, filter to failures, search, and a cell's details with every assertion's
// reason equal to what results.json says.

import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningEmulators } from '../../src/emulator/index.js';
import { describeInBrowser, launchChromium, openPage, screenshot } from './support/chromium.js';
import { runEval, startEmulators, workspace } from './support/viewer-fixture.js';

const TOPICS = ['bananas', 'tea', 'chess', 'sailing', 'coffee', 'pottery'];

const config = [
  'description: Static report test',
  "prompts: ['Write a one-line tip about {{topic}}']",
  'providers: [openai:chat:gpt-4o-mini]',
  'defaultTest: { options: { provider: openai:chat:gpt-4o-mini } }',
  'tests:',
  ...TOPICS.flatMap((topic, i) => [
    `  - description: tip about ${topic}`,
    `    vars: { topic: ${topic} }`,
    '    assert:',
    `      - { type: icontains, value: ${topic} }`,
    ...(i % 2 === 0 ? ['      - { type: contains, value: Zanzibar }'] : []),
    `      - { type: llm-rubric, value: mentions ${topic} }`,
  ]),
  '',
].join('\n');

interface StoredResult {
  cellId: string;
  gradingResult: { componentResults: Array<{ pass: boolean; reason: string }> };
}

describeInBrowser('static HTML report from file:// (browser)', () => {
  let emulators: RunningEmulators;
  let browser: Browser;
  let reportUrl: string;
  let results: StoredResult[];

  beforeAll(async () => {
    emulators = await startEmulators();
    const ws = workspace({ 'promptfooconfig.yaml': config }, emulators);
    await runEval(ws, ['-c', 'promptfooconfig.yaml', '-o', 'report.html', 'results.json']);
    reportUrl = pathToFileURL(join(ws.dir, 'report.html')).href;
    results = JSON.parse(readFileSync(join(ws.dir, 'results.json'), 'utf8')).results.results;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await emulators?.close();
  });

  it('filters, searches and shows every assertion reason with no server and no network', async () => {
    const { page, watch } = await openPage(browser, reportUrl);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.locator('.result-cell[data-cell-id]').first().waitFor();
    expect(await page.locator('.row-count').textContent()).toBe(`${TOPICS.length} rows`);
    await screenshot(page, 'static-report');

    await page.getByRole('button', { name: 'Failures' }).click();
    await expect.poll(() => page.locator('.row-count').textContent()).toBe('3 rows');
    await page.getByLabel('Search rows').fill('chess');
    await expect.poll(() => page.locator('.row-count').textContent()).toBe('1 row');
    expect(page.url()).toMatch(/^file:.*#\/eval\/.*show=failures/);

    const failed = page.locator('.result-cell.status-fail').first();
    const cellId = (await failed.getAttribute('data-cell-id'))!;
    await failed.locator('.cell-open').click();
    const rows = page.locator('.details .assertions tbody tr');
    await rows.first().waitFor();
    const stored = results.find((r) => r.cellId === cellId)!;
    const components = stored.gradingResult.componentResults;
    expect(await rows.count()).toBe(components.length);
    for (const [i, component] of components.entries()) {
      expect(await rows.nth(i).locator('.badge').textContent()).toBe(component.pass ? 'PASS' : 'FAIL');
      expect(await rows.nth(i).locator('.reason').textContent()).toBe(component.reason);
    }
    await screenshot(page, 'static-report-details');
    // Everything came from the file itself.
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
