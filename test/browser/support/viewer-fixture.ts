// Real evals for the browser tests: configs run by the built `assay eval` against the emulators
// (or a small custom provider), recorded in a throwaway store that `assay view` then serves.

import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startEmulators, type RunningEmulators } from '../../../src/emulator/index.js';
import { type CliRun, runCli, startCli, tempDir, writeFiles } from '../../support/cli.js';

export interface Workspace {
  dir: string;
  home: string;
  env: Record<string, string>;
}

/** A folder with these files and a store of its own; `emulators` adds their env (keys, base URLs). */
export function workspace(files: Record<string, string>, emulators?: RunningEmulators): Workspace {
  const dir = writeFiles(files);
  const home = join(tempDir(), 'home');
  return { dir, home, env: { ASSAY_HOME: home, ...(emulators?.env() ?? {}) } };
}

export async function runEval(ws: Workspace, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli(['eval', '--no-table', '--no-progress-bar', ...args], {
    cwd: ws.dir,
    env: { ...ws.env, ...env },
    timeoutMs: 60_000,
  });
  if (run.code !== 0 && run.code !== 100) throw new Error(`assay eval failed (${run.code}):\n${run.stderr}`);
  return run;
}

export function startEval(ws: Workspace, args: string[]): ChildProcess {
  return startCli(['eval', '--no-table', '--no-progress-bar', ...args], { cwd: ws.dir, env: ws.env });
}

/** Eval ids in the workspace's store, newest first. */
export async function evalIds(ws: Workspace): Promise<string[]> {
  const run = await runCli(['list', '--json'], { cwd: ws.dir, env: ws.env });
  if (run.code !== 0) return [];
  return (JSON.parse(run.stdout) as Array<{ id: string }>).map((e) => e.id);
}

export interface RunningViewer {
  /** The server's root URL. */
  url: string;
  /** The URL `assay view` printed (with the route it opens, e.g. #/compare?…). */
  printed: string;
  stop(): Promise<void>;
}

/** `assay view --no-open --port 0` on the workspace's store; resolves with the URL it prints. */
export function startViewer(ws: Workspace, args: string[] = []): Promise<RunningViewer> {
  const child = startCli(['view', '--no-open', '--port', '0', ...args], { cwd: ws.dir, env: ws.env });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`assay view printed no URL:\n${out}\n${err}`)), 20_000);
    child.stderr?.on('data', (chunk) => (err += chunk));
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /(http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      const printed = match[1]!;
      resolve({
        url: printed.replace(/#.*$/, ''),
        printed,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('close', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`assay view exited (${code}) before serving:\n${out}\n${err}`));
    });
  });
}

export { startEmulators };
