// The compare page over two stored evals with known differences, opened the way
// `assay view --compare A B` opens it: regressions first, both outputs side by side with the
// changed words marked, and per-column pass-rate deltas.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from './support/chromium.js';
import { evalIds, type RunningViewer, runEval, startViewer, workspace } from './support/viewer-fixture.js';

// MODE=candidate changes three answers: two break (regressions), one is fixed (improvement).
const provider = `export default async function (prompt) {
  const c = prompt.replace('case ', '');
  const cand = process.env.MODE === 'candidate';
  const answers = {
    same: 'a good answer',
    breaks: cand ? 'a bad answer about the weather' : 'a good answer about the weather',
    breaks2: cand ? 'an error' : 'a good one',
    fixed: cand ? 'now a good answer' : 'a poor answer',
  };
  return { output: answers[c] };
}
`;
const config = [
  "prompts: ['case {{c}}']",
  'providers: [file://provider.mjs]',
  'tests:',
  ...['same', 'breaks', 'breaks2', 'fixed'].map(
    (c) => `  - description: ${c}\n    vars: { c: ${c} }\n    assert: [{ type: contains, value: good }]`,
  ),
  '',
].join('\n');

describeInBrowser('compare page (browser)', () => {
  let browser: Browser;
  let viewer: RunningViewer;

  beforeAll(async () => {
    const ws = workspace({ 'promptfooconfig.yaml': config, 'provider.mjs': provider });
    await runEval(ws, ['-c', 'promptfooconfig.yaml', '--description', 'baseline'], { MODE: 'baseline' });
    await runEval(ws, ['-c', 'promptfooconfig.yaml', '--description', 'candidate'], { MODE: 'candidate' });
    const [candidate, baseline] = (await evalIds(ws)) as [string, string];
    viewer = await startViewer(ws, ['--compare', baseline, candidate]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await viewer?.stop();
  });

  it('lists regressions first with the differing words highlighted, and pass-rate deltas', async () => {
    expect(viewer.printed).toContain('#/compare?baseline=');
    const { page, watch } = await openPage(browser, viewer.printed);
    await page.locator('.compared').first().waitFor();
    const changes = await page
      .locator('.compared')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-change')));
    expect(changes.slice(0, 3)).toEqual(['regression', 'regression', 'improvement']);
    expect(changes.slice(3).every((change) => change === 'unchanged')).toBe(true);
    expect(await page.locator('.change-pill.regression').first().textContent()).toBe('2 regressions');
    // Both regressions are pass-to-fail; the one whose answer changed in a single word shows just that word.
    const breaks = page.locator('.compared', { hasText: 'a bad answer about the weather' });
    expect(await breaks.locator('del').allTextContents()).toEqual(['good']);
    expect(await breaks.locator('ins').allTextContents()).toEqual(['bad']);
    // 3 of 4 passed before, 2 of 4 after.
    const delta = await page.locator('.deltas tbody tr').first().textContent();
    expect(delta).toContain('75.0%');
    expect(delta).toContain('50.0%');
    expect(delta).toContain('-25.0 pts');
    await screenshot(page, 'compare');
    expect(watch.errors).toEqual([]);
  });
});
