// Finds the Python interpreter to run user code with, in promptfoo's order of preference, and
// checks it once: PROMPTFOO_PYTHON / ASSAY_PYTHON, the provider's pythonExecutable, an active
// virtualenv, then python3 / python on PATH.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssayError } from '../errors.js';

export interface PythonInterpreter {
  /** The command spawned (a path or a name looked up on PATH). */
  command: string;
  /** `3.11.4` */
  version: string;
}

const checked = new Map<string, Promise<PythonInterpreter | undefined>>();

/** The interpreters to try, best first. `explicit` is a provider's `pythonExecutable`. */
export function pythonCandidates(explicit?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.ASSAY_PYTHON || env.PROMPTFOO_PYTHON;
  if (fromEnv) return [fromEnv];
  if (explicit) return [explicit];
  const candidates: string[] = [];
  if (env.VIRTUAL_ENV) {
    const venvPython = join(env.VIRTUAL_ENV, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
    if (existsSync(venvPython)) candidates.push(venvPython);
  }
  candidates.push('python3', 'python');
  return candidates;
}

/** The first candidate that runs and is Python 3; throws one clear error when there is none. */
export async function findPython(explicit?: string): Promise<PythonInterpreter> {
  const candidates = pythonCandidates(explicit);
  for (const command of candidates) {
    const found = await probe(command);
    if (found) return found;
  }
  const named = process.env.ASSAY_PYTHON ? 'ASSAY_PYTHON' : process.env.PROMPTFOO_PYTHON ? 'PROMPTFOO_PYTHON' : explicit ? 'pythonExecutable' : undefined;
  const hint = named
    ? `${named} is set to "${candidates[0]}", which does not run as Python 3.`
    : `Tried ${candidates.join(', ')}.`;
  throw new AssayError('CONFIG_INVALID', `Python 3 was not found. ${hint} Install Python 3, or set ASSAY_PYTHON (or PROMPTFOO_PYTHON) to the interpreter's path.`);
}

function probe(command: string): Promise<PythonInterpreter | undefined> {
  let entry = checked.get(command);
  if (!entry) {
    entry = new Promise((resolve) => {
      execFile(command, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { timeout: 15_000 }, (err, stdout) => {
        const version = String(stdout ?? '').trim();
        resolve(err || !version.startsWith('3.') ? undefined : { command, version });
      });
    });
    checked.set(command, entry);
  }
  return entry;
}
