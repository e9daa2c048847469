// The `assay` command compiles undici's HTTP parser (llhttp, WebAssembly) from a .wasm file beside
// its bundle while it starts (scripts/bundle-cli.mjs). HTTP evals work whether that file is there,
// missing (undici's own plain build is used) or turned off with UNDICI_NO_WASM_SIMD=1.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../src/emulator/index.js';
import { closeDispatchers } from '../../src/providers/transport/index.js';
import { collect, repoRoot, runCli, tempDir, writeFiles } from '../support/cli.js';

let emulators: RunningEmulators;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => {
  await emulators.close();
  await closeDispatchers();
});

const suite = () =>
  writeFiles({
    'promptfooconfig.yaml': [
      "prompts: ['Tell me about {{ topic }}']",
      'providers: [openai:chat:gpt-4o-mini]',
      'tests:',
      '  - vars: { topic: parsers }',
      '    assert: [{ type: icontains, value: parsers }]',
      '',
    ].join('\n'),
  });

/** A copy of the built command (dist/bin) beside the repo's package.json and node_modules. */
function copyOfCommand(): string {
  const root = tempDir();
  cpSync(join(repoRoot, 'dist', 'bin'), join(root, 'dist', 'bin'), { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

describe("the command's early-compiled HTTP parser", () => {
  it('ships beside the bundle and parses replies', async () => {
    expect(existsSync(join(repoRoot, 'dist', 'bin', 'llhttp_simd.wasm'))).toBe(true);
    const run = await runCli(['eval', '-c', suite(), '--no-cache', '--no-progress-bar'], { env: emulators.env() });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/1 passed/);
    expect(run.code).toBe(0);
  });

  it('with UNDICI_NO_WASM_SIMD=1, undici uses its plain build', async () => {
    const env = { ...emulators.env(), UNDICI_NO_WASM_SIMD: '1' };
    const run = await runCli(['eval', '-c', suite(), '--no-cache', '--no-progress-bar'], { env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/1 passed/);
    expect(run.code).toBe(0);
  });

  it('is not needed: without the file, undici uses its plain build', async () => {
    const root = copyOfCommand();
    rmSync(join(root, 'dist', 'bin', 'llhttp_simd.wasm'));
    const child = spawn(
      process.execPath,
      [join(root, 'dist', 'bin', 'main.js'), 'eval', '-c', suite(), '--no-cache', '--no-progress-bar'],
      {
        env: {
          ...process.env,
          ...emulators.env(),
          NO_COLOR: '1',
          ASSAY_HOME: join(tempDir(), 'home'),
          ASSAY_COMPILE_CACHE: join(root, 'compile-cache'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const run = await collect(child, 20_000);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/1 passed/);
    expect(run.code).toBe(0);
  });
});
