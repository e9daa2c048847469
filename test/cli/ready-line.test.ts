// With --verbose, `assay eval` says on stderr when its Ctrl-C handling is installed, so scripts and
// tests send signals to a process that is ready for them instead of after a guessed sleep.

import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { collect, startCli, writeFiles } from '../support/cli.js';

describe('eval --verbose ready line', () => {
  it('is the first thing on stderr, and Ctrl-C sent on seeing it is handled (exit 130)', async () => {
    const dir = writeFiles({
      'slow-provider.mjs':
        "export default async function (prompt) { process.stderr.write('cell started\\n'); await new Promise((r) => setTimeout(r, 20000)); return { output: prompt }; }\n",
      'promptfooconfig.yaml': "prompts: ['hi']\nproviders: [file://slow-provider.mjs]\ntests:\n  - vars: {}\n",
    });
    const child = startCli(['--verbose', 'eval', '--no-progress-bar', '--no-cache'], { cwd: dir });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const done = collect(child, 15_000);
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 10_000;
      while (!stderr.includes(text) && Date.now() < deadline) await sleep(20);
      expect(stderr).toContain(text);
    };
    await waitFor('Ready: Ctrl-C');
    child.kill('SIGINT');
    // Signals sent back to back can merge into one; the second goes once the first was handled.
    await waitFor('Stopping');
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/^Ready: Ctrl-C/);
  });
});
