// Assay as a user gets it: `npm pack` of this project, installed into a fresh project, then run
// through npx from that project's folder: --version, the offline demo, and init + eval.

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../support/cli.js';

const exec = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const ownVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

let dir = '';
let project = '';
let installStderr = '';

/** Runs `npx assay ...` in the project the way a user would, with no colour and a private cache. */
async function assay(args: string[], cwd = project): Promise<{ stdout: string; stderr: string }> {
  return exec(npx, ['--no', '--', 'assay', ...args], {
    cwd,
    env: {
      ...process.env,
      NO_COLOR: '1',
      ASSAY_CACHE_PATH: join(project, '.assay-cache'),
      npm_package_version: '9.9.9',
    },
    timeout: 30_000,
  });
}

describe('the packed tarball, installed into another project', () => {
  beforeAll(async () => {
    dir = tempDir('assay-pack-');
    // dist/ is already built (npm test builds first); --ignore-scripts skips the prepack rebuild,
    // which would replace dist/ under the other CLI tests running in parallel.
    const packed = await exec(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: repoRoot,
      timeout: 60_000,
    });
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    project = join(dir, 'my-evals');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-evals', version: '3.4.5', private: true }));
    // The dependencies are in npm's cache from installing this repository; use it before the registry.
    const installed = await exec(npm, ['install', join(dir, filename), '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: project,
      timeout: 90_000,
    });
    installStderr = installed.stderr;
  }, 120_000);

  // An installed copy is ~20 MB; do not leave one behind per run.
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs without warnings', () => {
    expect(installStderr).not.toMatch(/warn/i);
  });

  it("prints Assay's own version, not the project's or npm's", async () => {
    const { stdout } = await assay(['--version']);
    expect(stdout.trim()).toBe(ownVersion);
  });

  it('runs the offline demo from the installed package', async () => {
    const { stdout, stderr } = await assay(['demo']);
    expect(stdout).toContain('✓ Eval complete');
    expect(stdout).toMatch(/12 passed/);
    expect(stderr).not.toMatch(/Error/);
  }, 60_000);

  it('init then eval works in a new folder', async () => {
    const folder = join(project, 'first-eval');
    const init = await assay(['init', 'first-eval']);
    expect(init.stdout).toContain('Wrote first-eval/promptfooconfig.yaml');
    const run = await assay(['eval', '-o', 'results.json'], folder);
    expect(run.stdout).toContain('✓ Eval complete');
    expect(run.stdout).toContain('4 passed');
    expect(JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')).results.results).toHaveLength(4);
  }, 60_000);
});
