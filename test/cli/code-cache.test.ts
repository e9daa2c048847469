// The `assay` command starts from a V8 code cache (src/cli/start.ts): the first run writes it, later
// runs use it, and a missing, corrupt, untrusted or disabled cache never changes what a run does.

import { chmodSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir, writeFiles } from '../support/cli.js';
import { useEmulators } from '../support/emulators.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

// A custom provider is imported by the bundle at run time: the import that V8 drops for a script
// compiled from a cache.
const suite = () =>
  writeFiles({
    'promptfooconfig.yaml':
      "prompts: ['Say {{word}}']\nproviders: ['file://upper.mjs']\ntests:\n  - vars: { word: hello }\n    assert:\n      - type: contains\n        value: SAY HELLO\n",
    'upper.mjs':
      "export default class { id() { return 'upper'; } async callApi(prompt) { return { output: prompt.toUpperCase() }; } }\n",
  });

const cacheFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.v8'));

const emu = useEmulators();

describe('the start-up code cache', () => {
  it('is written by the first run and used by the next, which imports user modules as before', async () => {
    const cache = join(tempDir(), 'compile-cache');
    const dir = suite();
    const env = { ASSAY_COMPILE_CACHE: cache };
    const first = await runCli(['eval', '-c', dir, '--no-progress-bar', '--no-write'], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(cacheFiles(cache)).toHaveLength(1);
    const [file] = cacheFiles(cache);
    const written = readFileSync(join(cache, file!));
    const second = await runCli(['eval', '-c', dir, '--no-progress-bar', '--no-write'], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('1 passed');
    // Accepted, so not rewritten.
    expect(readFileSync(join(cache, file!)).equals(written)).toBe(true);
  });

  it('is used by the next run after a run that sent HTTP requests (undici parser compiled early)', async () => {
    const cache = join(tempDir(), 'compile-cache');
    const dir = writeFiles({
      'promptfooconfig.yaml':
        "prompts: ['Tell me about {{topic}}']\nproviders:\n  - { id: 'databricks:databricks-meta-llama-3-3-70b-instruct', config: { isPayPerToken: true } }\ntests:\n  - vars: { topic: lakehouses }\n",
    });
    const env = {
      ...emu.env(),
      DATABRICKS_CLIENT_ID: '',
      DATABRICKS_CLIENT_SECRET: '',
      ASSAY_COMPILE_CACHE: cache,
      ASSAY_CACHE_PATH: join(tempDir(), 'response-cache'),
    };
    const args = ['eval', '-c', dir, '--no-progress-bar', '--no-write', '--no-cache'];
    const first = await runCli(args, { env });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const [file] = cacheFiles(cache);
    const written = readFileSync(join(cache, file!));
    const second = await runCli(args, { env });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    // Written under V8's default flags (not those the early llhttp compile set): accepted, not rewritten.
    expect(readFileSync(join(cache, file!)).equals(written)).toBe(true);
  });

  it('a corrupt cache file is ignored and replaced', async () => {
    const cache = join(tempDir(), 'compile-cache');
    const env = { ASSAY_COMPILE_CACHE: cache };
    expect((await runCli(['--version'], { env })).stdout.trim()).toBe(version);
    const [file] = cacheFiles(cache);
    writeFileSync(join(cache, file!), 'not a code cache');
    const run = await runCli(['--version'], { env });
    expect(run.stdout.trim()).toBe(version);
    expect(run.stderr).toBe('');
    expect(readFileSync(join(cache, file!), 'utf8')).not.toBe('not a code cache');
  });

  it('is neither read nor written in a folder other users can write to, nor when turned off', async () => {
    const open = join(tempDir(), 'shared');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect((await runCli(['--version'], { env: { ASSAY_COMPILE_CACHE: open } })).stdout.trim()).toBe(version);
    expect(cacheFiles(open)).toEqual([]);

    const base = tempDir();
    const off = await runCli(['--version'], { cwd: base, env: { ASSAY_COMPILE_CACHE: 'off' } });
    expect(off.stdout.trim()).toBe(version);
    expect(readdirSync(base)).toEqual([]);
  });

  it('keeps the files in use when other builds and commands have written many newer ones', async () => {
    const cache = join(tempDir(), 'compile-cache');
    const env = { ASSAY_COMPILE_CACHE: cache };
    expect((await runCli(['--version'], { env })).code).toBe(0);
    const [inUse] = cacheFiles(cache);
    // Written long ago, then 24 newer files (the most a folder keeps) from other builds.
    utimesSync(join(cache, inUse!), new Date(2020, 0, 1), new Date(2020, 0, 1));
    for (let i = 0; i < 24; i++) writeFileSync(join(cache, `cli-other${i}.cjs-build-eval.v8`), 'x');
    // Read by this run, so it counts as used now ...
    expect((await runCli(['--version'], { env })).stdout.trim()).toBe(version);
    // ... and a command that writes a cache prunes the oldest others, not it.
    expect((await runCli(['eval', '-c', suite(), '--no-progress-bar', '--no-write'], { env })).code).toBe(0);
    const files = cacheFiles(cache);
    expect(files).toHaveLength(24);
    expect(files).toContain(inUse);
  });

  it('a run that fails with a usage error writes no cache', async () => {
    const cache = join(tempDir(), 'compile-cache');
    const run = await runCli(['evl'], { env: { ASSAY_COMPILE_CACHE: cache } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown command "evl"');
    expect(() => cacheFiles(cache)).toThrow();
  });
});
