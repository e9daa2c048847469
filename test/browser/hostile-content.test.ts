// Eval content is data, never markup or code: vars, descriptions, outputs and failure reasons full
// of <script>, </script>, "><img onerror>, javascript: links and SVG onload are shown as text by
// the server's app and by the static report. Checked from inside the page: the flag each payload
// would set stays unset, no dialog opens, no element the payloads describe exists.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, type PageWatch, screenshot } from './support/chromium.js';
import {
  evalIds,
  type RunningViewer,
  runEval,
  startViewer,
  type Workspace,
  workspace,
} from './support/viewer-fixture.js';

const PAYLOADS = [
  '<script>window.__pwned = "script"; alert("script")</script>',
  '</script><script>window.__pwned = "close-script"; alert("close")</script>',
  "\"><img src=x onerror=\"window.__pwned = 'img'; alert('img')\">",
  "[click me](javascript:window.__pwned='md-link') <a href=\"javascript:window.__pwned='a'\">link</a>",
  '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=\'svg\'; alert(\'svg\')"><circle r="5"/></svg>',
  "![pic](javascript:window.__pwned='md-img') ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)",
  '{"html": "<img src=x onerror=alert(\'json\')>", "link": "javascript:alert(1)"}',
];

// The provider answers with the payload itself, so outputs carry it as well as vars and prompts.
const provider = `export default async function (prompt, context) {
  return { output: context.vars.payload + '\\n\\n' + context.vars.payload };
}
`;

const config = {
  description: '<script>window.__pwned="eval-description"</script> hostile eval',
  prompts: ['{{payload}}'],
  providers: [{ id: 'file://provider.mjs', label: '<img src=x onerror=alert("label")>' }],
  tests: PAYLOADS.map((payload, i) => ({
    description: `${payload} (case ${i})`,
    vars: { payload },
    assert: [{ type: 'contains', value: `<script>alert("${i}")</script>` }],
  })),
};

describeInBrowser('hostile eval content never runs (browser)', () => {
  let browser: Browser;
  let ws: Workspace;
  let viewer: RunningViewer;
  let evalId: string;

  beforeAll(async () => {
    // YAML is a superset of JSON: the payloads need no YAML quoting this way.
    ws = workspace({ 'promptfooconfig.yaml': JSON.stringify(config, null, 2), 'provider.mjs': provider });
    await runEval(ws, ['-c', 'promptfooconfig.yaml', '-o', 'report.html']);
    [evalId] = (await evalIds(ws)) as [string];
    viewer = await startViewer(ws);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await viewer?.stop();
  });

  async function exercise(page: Page, watch: PageWatch, name: string): Promise<void> {
    await page.locator('.result-cell[data-cell-id]').first().waitFor();
    // The text arrived as text: the payloads are visible, verbatim.
    expect(await page.locator('.matrix').textContent()).toContain('<script>window.__pwned = "script"');
    for (const mode of ['Markdown', 'JSON', 'Text']) {
      await page.getByLabel('Render outputs as').selectOption({ label: mode });
      await page.waitForTimeout(100);
      await expectInert(page, watch);
    }
    await page.getByLabel('Render outputs as').selectOption({ label: 'Markdown' });
    await screenshot(page, `hostile-${name}`);
    const cells = page.locator('.result-cell[data-cell-id] .cell-open');
    for (let i = 0; i < (await cells.count()); i++) {
      await cells.nth(i).click();
      await page.locator('.details .assertions').waitFor();
      for (const mode of ['markdown', 'json', 'text']) {
        await page.locator('.details .mode-switch').getByRole('button', { name: mode }).click();
        await expectInert(page, watch);
      }
    }
    await screenshot(page, `hostile-${name}-details`);
    // Links from data are only ever http(s).
    const hrefs = await page.locator('#app a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs.filter((href) => !/^(#|https?:)/.test(href ?? ''))).toEqual([]);
  }

  async function expectInert(page: Page, watch: PageWatch): Promise<void> {
    // Runs in the page (the Node tsconfig has no DOM types, hence the `any`).
    const state = await page.evaluate(() => {
      const g = globalThis as any;
      const all = [...g.document.querySelectorAll('#app *')] as any[];
      return {
        pwned: g.__pwned,
        imgX: g.document.querySelectorAll('#app img[src="x"]').length,
        svg: g.document.querySelectorAll('#app svg').length,
        scripts: g.document.querySelectorAll('#app script').length,
        handlers: all.filter((el) => [...el.attributes].some((attr: any) => attr.name.startsWith('on'))).length,
      };
    });
    expect(state).toEqual({ pwned: undefined, imgX: 0, svg: 0, scripts: 0, handlers: 0 });
    expect(watch.dialogs).toEqual([]);
  }

  it('in the app served by assay view', async () => {
    const { page, watch } = await openPage(browser, `${viewer.url}#/eval/${evalId}`);
    await exercise(page, watch, 'server');
    // The list page shows the hostile description as text too.
    await page.goto(`${viewer.url}#/`);
    await page.getByRole('link', { name: evalId }).waitFor();
    await expectInert(page, watch);
    expect(watch.errors).toEqual([]);
  });

  it('in the static report opened from file://', async () => {
    const report = join(ws.dir, 'report.html');
    // The payloads are inside the base64 data (or HTML-escaped in the title), never markup.
    const html = readFileSync(report, 'utf8');
    expect(/<script>window|<img src=x|<svg/.test(html)).toBe(false);
    const { page, watch } = await openPage(browser, pathToFileURL(report).href);
    await exercise(page, watch, 'report');
    expect(watch.errors).toEqual([]);
  });
});
