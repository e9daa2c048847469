// Vitest global setup: CLI tests spawn the built command in dist/, so build it once before any test
// runs, and only when a source file is newer than the build. Running one test file right after a
// source edit therefore never tests a stale build, and `npm test` builds once, not twice.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

const BUILD_OUTPUTS = ['dist/index.js', 'dist/bin/main.js', 'dist/viewer/assets/app.js'];
const BUILD_INPUTS = [
  'src',
  'scripts/bundle-cli.mjs',
  'scripts/build-viewer.mjs',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

export default function buildOnce(): void {
  if (isBuildFresh()) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    execFileSync(npm, ['run', 'build'], { cwd: repoRoot, stdio: 'pipe' });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run build failed before the tests:\n${String(stdout ?? '')}${String(stderr ?? '')}`);
  }
}

function isBuildFresh(): boolean {
  const outputs = BUILD_OUTPUTS.map((path) => join(repoRoot, path));
  if (!outputs.every(existsSync)) return false;
  const builtAt = Math.min(...outputs.map((path) => statSync(path).mtimeMs));
  return BUILD_INPUTS.every((path) => newestMtime(join(repoRoot, path)) <= builtAt);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}
