// Headless Chromium for the browser tests: playwright-core driving the system browser (Debian's
// `chromium` package). Without one the tests skip, saying how to install it. Screenshots go to
// test-results/screenshots/, and each one's path is printed in the test output.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { repoRoot } from '../../support/cli.js';

const CANDIDATES = [
  process.env.ASSAY_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export const chromiumPath = CANDIDATES.find((path): path is string => !!path && existsSync(path));

export const SKIP_MESSAGE =
  'Browser tests skipped: no Chromium found at /usr/bin/chromium. Install it with `sudo apt-get install -y chromium` ' +
  '(Debian/Ubuntu; .ci/run does this), or point ASSAY_CHROMIUM at a Chrome/Chromium binary.';

/** `describe` when Chromium is here; otherwise a skipped suite and one clear line in the output. */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumPath) {
    describe(name, body);
    return;
  }
  // CI promises the browser tests ran: there a missing Chromium is a failure, not a skip.
  if (process.env.CI) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(SKIP_MESSAGE);
      });
    });
    return;
  }
  console.warn(SKIP_MESSAGE);
  describe.skip(`${name} (${SKIP_MESSAGE})`, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Root in CI containers cannot use Chromium's sandbox; the pages are our own test data.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

export const SCREENSHOT_DIR = join(repoRoot, 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  console.log(`Screenshot: ${path}`);
  return path;
}

/** What a page did that a test may need to refuse: uncaught errors and dialogs (alert/confirm/prompt). */
export interface PageWatch {
  errors: string[];
  dialogs: string[];
}

export async function openPage(browser: Browser, url: string): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const watch: PageWatch = { errors: [], dialogs: [] };
  page.on('pageerror', (err) => watch.errors.push(err.message));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  return { page, watch };
}
