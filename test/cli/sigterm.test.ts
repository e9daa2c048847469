// SIGTERM (a cancelled CI job, a stopped container) cancels cells in flight at once, writes every
// output for what completed and exits 143 (issue 8, defect 11). It used to wait for cells in
// flight, up to their timeout, and then be killed with no outputs and a temp file left behind.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../src/emulator/index.js';
import { collect, startCli, writeFiles } from '../support/cli.js';

async function waitFor(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function startWatched(args: string[], cwd: string, env?: Record<string, string>) {
  const child = startCli(args, { cwd, env });
  // Generous: the assertions are about what happens, the limit only catches a hang.
  const done = collect(child, 20_000);
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return { child, done, stderr: () => stderr };
}

const outputsIn = (dir: string) =>
  ['out.json', 'out.jsonl', 'out.xml', 'out.csv', 'out.html', 'out.yaml'].map((f) => join(dir, f));

function expectOutputsWritten(dir: string, completed: number, skipped: number) {
  const [json, jsonl, xml] = outputsIn(dir);
  const written = JSON.parse(readFileSync(json!, 'utf8'));
  expect(written.results.results).toHaveLength(completed);
  expect(written.results.stats.skipped).toBe(skipped);
  expect(written.abortReason).toMatch(/SIGTERM/);
  expect(readFileSync(jsonl!, 'utf8').trim().split('\n')).toHaveLength(completed + skipped);
  expect(readFileSync(xml!, 'utf8')).toContain(`skipped="${skipped}"`);
  for (const path of outputsIn(dir)) expect(existsSync(path)).toBe(true);
  // No temp file is left beside the outputs.
  expect(readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
}

describe('SIGTERM during an eval', () => {
  it('cancels cells in flight at once, writes every output and exits 143', async () => {
    // Three cells answer at once; the rest take five minutes (a provider's default timeout).
    const tests = Array.from(
      { length: 6 },
      (_, i) => `  - vars: { n: ${i} }\n    assert: [{ type: contains, value: 'n${i}' }]`,
    ).join('\n');
    const dir = writeFiles({
      'provider.mjs': `export default async function (prompt, context) {
  if (Number(context.vars.n) < 3) return { output: prompt };
  process.stderr.write('slow cell started\\n');
  await new Promise((resolve) => setTimeout(resolve, 300000));
  return { output: prompt };
}\n`,
      'promptfooconfig.yaml': `prompts: ['n{{n}}']\nproviders: [file://provider.mjs]\ntests:\n${tests}\n`,
    });
    const run = startWatched(['eval', '--no-progress-bar', '-j', '2', '-o', ...outputsIn(dir)], dir);
    await waitFor(() => run.stderr().split('slow cell started').length > 2, 15_000, 'two slow cells in flight');
    run.child.kill('SIGTERM');
    const result = await run.done;

    expect(result.code).toBe(143);
    expect(result.stderr).toMatch(/SIGTERM/);
    expect(result.stdout).toMatch(/3 passed/);
    expect(result.stdout).toMatch(/3 skipped/);
    expectOutputsWritten(dir, 3, 3);
  });

  describe('with an OpenAI-compatible server that stalls mid-stream', () => {
    it('cancels the stalled streams at once and writes the outputs', async () => {
      const emu: RunningEmulators = await startEmulators();
      try {
        // Every streamed reply stops after its first half and the connection stays open.
        emu.openai.setKnobs({ faults: [{ kind: 'stall-stream', count: 100 }] });
        const dir = writeFiles({
          'promptfooconfig.yaml': [
            "prompts: ['Say {{word}}']",
            'providers:',
            '  - id: openai:chat:gpt-4o-mini',
            `    config: { apiBaseUrl: '${emu.openai.url}/v1', stream: true, maxRetries: 0 }`,
            'tests:',
            ...['alpha', 'beta', 'gamma', 'delta'].map((word) => `  - vars: { word: ${word} }`),
            '',
          ].join('\n'),
        });
        const run = startWatched(['eval', '--no-progress-bar', '--no-cache', '-j', '2', '-o', ...outputsIn(dir)], dir, {
          OPENAI_API_KEY: 'sk-assay-emulator-key',
        });
        // Both cells in flight have received the first half of their stream.
        await waitFor(() => emu.openai.requests.length >= 2, 15_000, 'two streaming requests');
        run.child.kill('SIGTERM');
        const result = await run.done;

        expect(result.code).toBe(143);
        expectOutputsWritten(dir, 0, 4);
      } finally {
        await emu.close();
      }
    });
  });
});
