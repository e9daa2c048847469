// Finds the Python interpreter to run user code with, in promptfoo's order of preference, and
// checks it once: PROMPTFOO_PYTHON / ASSAY_PYTHON, the provider's pythonExecutable, an active
// virtualenv, then python3 / python on PATH.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssayError } from '../errors.js';

export interface PythonInterpreter {
  /** The command spawned (a path or a name looked up on PATH). */
  command: string;
  /** `3.11.4` */
  version: string;
}

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

/**
 * The first candidate that starts Assay's worker as Python 3. The check is the shared pool's first
 * worker answering a ping, so finding Python costs no extra process: that worker then serves calls.
 */
export function findPython(explicit?: string): Promise<PythonInterpreter> {
  const candidates = pythonCandidates(explicit);
  const key = candidates.join('\0');
  let entry = found.get(key);
  if (!entry) {
    entry = firstWorking(candidates, explicit);
    entry.catch(() => found.delete(key));
    found.set(key, entry);
  }
  return entry;
}

const found = new Map<string, Promise<PythonInterpreter>>();

async function firstWorking(candidates: string[], explicit: string | undefined): Promise<PythonInterpreter> {
  const { poolFor } = await import('./pool.js');
  for (const command of candidates) {
    try {
      const version = await poolFor(command).ping();
      if (version.startsWith('3.')) return { command, version };
    } catch {
      // Not installed or not runnable: try the next candidate.
    }
  }
  const named = process.env.ASSAY_PYTHON
    ? 'ASSAY_PYTHON'
    : process.env.PROMPTFOO_PYTHON
      ? 'PROMPTFOO_PYTHON'
      : explicit
        ? 'pythonExecutable'
        : undefined;
  const hint = named
    ? `${named} is set to "${candidates[0]}", which does not run as Python 3.`
    : `Tried ${candidates.join(', ')}.`;
  throw new AssayError(
    'CONFIG_INVALID',
    `Python 3 was not found. ${hint} Install Python 3, or set ASSAY_PYTHON (or PROMPTFOO_PYTHON) to the interpreter's path.`,
  );
}
