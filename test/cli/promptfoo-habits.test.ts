// Habits from promptfoo CI scripts: PROMPTFOO_* environment variables, `-o results.txt`, and the
// eval flags promptfoo users pass (--no-write, --share, --env-path, --filter-*, -w).

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { applyPromptfooEnvAliases } from '../../src/config/env-aliases.js';
import { collect, runCli, startCli, tempDir, writeFiles } from '../support/cli.js';
import { useEmulators } from '../support/emulators.js';

const emu = useEmulators();

const echoConfig = `prompts: ['Tell me about {{topic}}']
providers: [echo]
tests:
  - description: bananas
    vars: { topic: bananas }
    metadata: { team: search, tags: [fruit, yellow] }
    assert: [{ type: contains, value: bananas }]
  - description: kiwis
    vars: { topic: kiwis }
    metadata: { team: ranking }
    assert: [{ type: contains, value: apples }]
  - description: broken
    vars: { topic: plums }
    metadata: { team: search }
    provider: file://broken.js
`;
const brokenProvider =
  'module.exports = class { id() { return "broken"; } async callApi() { return { error: "boom" }; } };';

const rowsOf = (path: string) =>
  JSON.parse(readFileSync(path, 'utf8')).results.results as Array<{
    testCase: { description: string };
    success: boolean;
  }>;

describe('PROMPTFOO_* environment variables alias the ASSAY_* ones', () => {
  it('maps each promptfoo name onto the unset Assay name, never over a set one', () => {
    const env: NodeJS.ProcessEnv = {
      PROMPTFOO_PYTHON: '/opt/py/bin/python3',
      PROMPTFOO_CACHE_TTL: '60',
      ASSAY_CACHE_TTL: '30',
      PROMPTFOO_EVAL_TIMEOUT_MS: '500',
    };
    applyPromptfooEnvAliases(env);
    expect(env).toMatchObject({
      ASSAY_PYTHON: '/opt/py/bin/python3',
      ASSAY_CACHE_TTL: '30',
      ASSAY_EVAL_TIMEOUT_MS: '500',
    });
  });

  it('PROMPTFOO_CACHE_PATH and PROMPTFOO_CACHE_ENABLED steer the response cache', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml':
        "prompts: ['hi {{x}}']\nproviders: [openai:chat:gpt-4o-mini]\ntests: [{ vars: { x: 1 } }]\n",
    });
    const cache = join(tempDir(), 'pf-cache');
    const env = { ...emu.env(), ASSAY_CACHE_PATH: undefined as unknown as string, PROMPTFOO_CACHE_PATH: cache };
    expect((await runCli(['eval', '--no-progress-bar'], { cwd: dir, env })).code).toBe(0);
    expect(readdirSync(cache).length).toBeGreaterThan(0);
    const off = join(tempDir(), 'off-cache');
    await runCli(['eval', '--no-progress-bar'], {
      cwd: dir,
      env: { ...env, PROMPTFOO_CACHE_PATH: off, PROMPTFOO_CACHE_ENABLED: 'false' },
    });
    expect(existsSync(off)).toBe(false);
  });

  it('PROMPTFOO_MAX_CONCURRENCY, PROMPTFOO_DELAY_MS and PROMPTFOO_EVAL_TIMEOUT_MS apply', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': echoConfig, 'broken.js': brokenProvider });
    expect(
      (await runCli(['eval', '--no-progress-bar'], { cwd: dir, env: { PROMPTFOO_MAX_CONCURRENCY: '2' } })).stdout,
    ).toContain('(concurrency: 2)');
    expect(
      (await runCli(['eval', '--no-progress-bar'], { cwd: dir, env: { PROMPTFOO_DELAY_MS: '1' } })).stdout,
    ).toContain('(concurrency: 1)');
    const slow = writeFiles({
      'slow.js':
        'module.exports = class { id() { return "slow"; } async callApi() { await new Promise((r) => setTimeout(r, 5000)); return { output: "late" }; } };',
      'promptfooconfig.yaml': "prompts: ['hi']\nproviders: [file://slow.js]\n",
    });
    const run = await runCli(['eval', '--no-progress-bar', '-o', 'out.json'], {
      cwd: slow,
      env: { PROMPTFOO_EVAL_TIMEOUT_MS: '200' },
    });
    expect(JSON.parse(readFileSync(join(slow, 'out.json'), 'utf8')).results.results[0].error).toMatch(
      /tim(ed|e) ?out/i,
    );
    expect(run.code).toBe(100);
  });
});

describe('eval output and flags from promptfoo scripts', () => {
  it('-o results.txt writes the same YAML document as -o results.yaml, as promptfoo 0.123 does', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': echoConfig, 'broken.js': brokenProvider });
    await runCli(['eval', '--no-progress-bar', '-o', 'results.txt', 'results.json'], { cwd: dir });
    const doc = parseYaml(readFileSync(join(dir, 'results.txt'), 'utf8')) as {
      results: { version: number; results: unknown[] };
    };
    expect(doc.results.version).toBe(3);
    expect(doc.results.results).toEqual(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).results.results);
  });

  it('--no-write and --no-share are accepted; --share says sharing is not supported and runs', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': "prompts: ['hi']\nproviders: [echo]\n" });
    expect((await runCli(['eval', '--no-progress-bar', '--no-write', '--no-share'], { cwd: dir })).code).toBe(0);
    const shared = await runCli(['eval', '--no-progress-bar', '--share'], { cwd: dir });
    expect(shared.code).toBe(0);
    expect(shared.stderr).toContain('Sharing is not supported by Assay');
    expect(shared.stdout).toContain('1 passed');
  });

  it('--env-path loads a .env file like --env-file', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': "prompts: ['value {{ env.FROM_ENV_PATH }}']\nproviders: [echo]\n",
      'ci.env': 'FROM_ENV_PATH=loaded\n',
    });
    const run = await runCli(['eval', '--no-progress-bar', '--env-path', 'ci.env', '-o', 'out.json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results.results[0].response.output).toBe(
      'value loaded',
    );
  });

  it('--filter-metadata, --filter-sample, --filter-failing and --filter-errors-only pick the tests promptfoo picks', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': echoConfig, 'broken.js': brokenProvider });
    // One store for these runs, so a later run can name an earlier one by its eval id.
    const env = { ASSAY_HOME: join(dir, '.assay-home') };
    const pick = async (...flags: string[]) => {
      await runCli(['eval', '--no-progress-bar', '-o', 'picked.json', ...flags], { cwd: dir, env });
      // Rows are written as cells finish, so compare the set of tests picked, not their order.
      return rowsOf(join(dir, 'picked.json'))
        .map((r) => r.testCase.description)
        .sort();
    };
    expect(await pick('--filter-metadata', 'team=search')).toEqual(['bananas', 'broken']);
    expect(await pick('--filter-metadata', 'team=search', '--filter-metadata', 'tags=yell')).toEqual(['bananas']);
    expect(await pick('--filter-sample', '1')).toHaveLength(1);
    await runCli(['eval', '--no-progress-bar', '-o', 'first.json'], { cwd: dir, env });
    expect(await pick('--filter-failing', 'first.json')).toEqual(['broken', 'kiwis']);
    expect(await pick('--filter-errors-only', 'first.json')).toEqual(['broken']);
    // An eval id from the store works like the results file it would have written.
    const firstId = JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8')).evalId as string;
    expect(await pick('--filter-failing', firstId)).toEqual(['broken', 'kiwis']);
    expect(await pick('--filter-errors-only', firstId)).toEqual(['broken']);
    const missing = await runCli(['eval', '--no-progress-bar', '--filter-failing', 'eval-abc-2026'], { cwd: dir, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--filter-failing: .*eval-abc-2026/);
  });

  it('-w re-runs when a prompt file changes, and stops on SIGINT', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': "prompts: ['file://prompt.txt']\nproviders: [echo]\n",
      'prompt.txt': 'first version',
    });
    const child = startCli(['eval', '--no-progress-bar', '-w'], { cwd: dir });
    let seen = '';
    child.stdout!.on('data', (chunk) => (seen += chunk));
    child.stderr!.on('data', (chunk) => (seen += chunk));
    const until = async (pattern: RegExp) => {
      for (let i = 0; i < 400 && !pattern.test(seen); i++) await new Promise((r) => setTimeout(r, 25));
      expect(seen).toMatch(pattern);
    };
    const done = collect(child, 20_000);
    await until(/Watching/);
    expect(seen).toContain('first version');
    writeFileSync(join(dir, 'prompt.txt'), 'second version');
    await until(/second version/);
    expect(seen).toContain('Change detected in prompt.txt');
    child.kill('SIGINT');
    expect((await done).code).toBe(0);
  });
});
