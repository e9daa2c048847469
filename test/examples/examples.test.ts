// Every example config under examples/ runs as written through the built CLI against the
// emulators, with the outcome its seed page describes (here: every cell passes, exit code 0).

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllEmulators, type AllEmulators } from '../../src/emulator/all.js';
import { cliPath, repoRoot, tempDir } from '../support/cli.js';
import { hasPython } from '../python/has-python.js';

/** Examples that cannot reach the emulator as written; each is checked elsewhere, as noted. */
const NOT_RUNNABLE: Record<string, string> = {
  'examples/cloudflare-ai/custom-base-url':
    'names api.cloudflare.com itself; test/providers/cloudflare-ai/examples.test.ts checks the URL it builds',
};
// examples/python needs an interpreter; without one it is skipped with the reason printed.
if (!hasPython) NOT_RUNNABLE['examples/python'] = 'SKIPPED: python3 not found (set ASSAY_PYTHON to run it)';

function exampleDirs(dir = join(repoRoot, 'examples')): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) continue;
    if (readdirSync(path).includes('promptfooconfig.yaml')) found.push(relative(repoRoot, path));
    found.push(...exampleDirs(path));
  }
  return found.sort();
}

let emulators: AllEmulators;
beforeAll(async () => {
  emulators = await startAllEmulators();
});
afterAll(async () => {
  await emulators?.close();
});

/** Async spawn: the emulators live in this process, so its event loop must keep running. */
function runExample(dir: string, output: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [cliPath, 'eval', '-c', dir, '--no-progress-bar', '--no-cache', '-o', output],
      {
        cwd: repoRoot,
        env: { ...process.env, ...emulators.env(), NO_COLOR: '1', ASSAY_CACHE_PATH: join(tempDir(), 'cache') },
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('examples run as written against the emulators', () => {
  const dirs = exampleDirs();

  it('finds the examples of every seed page', () => {
    for (const family of ['databricks', 'llama-api', 'cloudflare-ai', 'websocket', 'quickstart']) {
      expect(dirs.some((d) => d.startsWith(`examples/${family}`))).toBe(true);
    }
  });

  for (const dir of dirs.filter((d) => !NOT_RUNNABLE[d])) {
    it(`${dir} passes every cell`, async () => {
      const output = join(tempDir(), 'results.json');
      const run = await runExample(dir, output);
      expect(run.out).not.toMatch(/\[ERROR\]/);
      expect(run.code, run.out).toBe(0);
      const written = JSON.parse(readFileSync(output, 'utf8'));
      expect(written.results.stats.successes).toBeGreaterThan(0);
      expect(written.results.stats.failures + written.results.stats.errors).toBe(0);

      // Model-graded examples really asked a grader (the emulator's OpenAI default, as OPENAI_API_KEY is set).
      const rubric = written.results.results.flatMap(
        (r: {
          gradingResult?: { componentResults?: Array<{ assertion?: { type: string }; pass: boolean; reason: string }> };
        }) => (r.gradingResult?.componentResults ?? []).filter((c) => c.assertion?.type === 'llm-rubric'),
      );
      if (readFileSync(join(repoRoot, dir, 'promptfooconfig.yaml'), 'utf8').includes('llm-rubric'))
        expect(rubric.length).toBeGreaterThan(0);
      for (const verdict of rubric) {
        expect(verdict.pass).toBe(true);
        expect(verdict.reason).not.toMatch(/no grader/i);
      }
    });
  }
});
