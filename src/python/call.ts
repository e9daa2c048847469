// Calls a function in a Python file (or inline Python source) on the worker pool and turns the
// worker's reply into a value or one clear PythonError naming the file and function.

import { basename } from 'node:path';
import { findPython, type PythonInterpreter } from './interpreter.js';
import { poolFor, type PythonPool } from './pool.js';
import { lastFrames, PythonError } from './python-error.js';
import { verboseLog } from './settings.js';
import type { WorkerReply } from './worker-process.js';

/** Where the code is and how to run it. */
export interface PythonTarget {
  /** Absolute path of the file; for inline source, the name shown in tracebacks. */
  path: string;
  /** Inline source, compiled in the worker instead of reading `path`. */
  source?: string;
  /** A provider's `pythonExecutable`. */
  pythonExecutable?: string;
  /** A provider's own worker count; otherwise the shared pool sized by -j. */
  workers?: number;
}

export interface PythonCallOptions {
  signal?: AbortSignal;
  /** 0 or unset: ASSAY_PYTHON_TIMEOUT_MS, else 5 minutes, so a hung script never hangs the run. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 300_000;
const announced = new Set<string>();

async function poolForTarget(target: PythonTarget): Promise<PythonPool> {
  const interpreter: PythonInterpreter = await findPython(target.pythonExecutable);
  if (!announced.has(interpreter.command)) {
    announced.add(interpreter.command);
    verboseLog(`using ${interpreter.command} (Python ${interpreter.version})`);
  }
  return poolFor(interpreter.command, target.workers, target.path);
}

function describeTarget(target: PythonTarget, fn?: string): string {
  const file = target.source === undefined ? target.path : basename(target.path);
  return fn ? `${file}:${fn}` : file;
}

/** Calls `fn(*args)`; args are sent as JSON (functions dropped, cycles cut). */
export async function callPython(
  target: PythonTarget,
  fn: string,
  args: unknown[],
  options: PythonCallOptions = {},
): Promise<unknown> {
  const pool = await poolForTarget(target);
  const what = describeTarget(target, fn);
  const reply = await pool.run(
    `{"op":"call","path":${JSON.stringify(target.path)},"source":${JSON.stringify(target.source ?? null)},"fn":${JSON.stringify(fn)},"args":${argsJson(args)}}`,
    {
      signal: options.signal,
      timeoutMs: options.timeoutMs || Number(process.env.ASSAY_PYTHON_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS,
      what,
    },
  );
  return unwrap(reply, target, fn);
}

/** Loads the file in a worker (reporting syntax and import errors now) and lists its functions. */
export async function listPythonFunctions(target: PythonTarget): Promise<string[]> {
  const pool = await poolForTarget(target);
  const reply = await pool.run(JSON.stringify({ op: 'functions', path: target.path, source: target.source ?? null }), {
    timeoutMs: Number(process.env.ASSAY_PYTHON_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS,
    what: describeTarget(target),
  });
  return unwrap(reply, target) as string[];
}

function unwrap(reply: WorkerReply, target: PythonTarget, fn?: string): unknown {
  if (reply.error === undefined) return reply.result;
  const file = describeTarget(target);
  const frames = lastFrames(reply.traceback);
  switch (reply.kind) {
    case 'load':
      throw new PythonError(
        'load',
        `Python file ${file} could not be loaded: ${reply.error}${frames ? `\n${frames}` : ''}`,
      );
    case 'missing': {
      const available = reply.available?.length
        ? ` (it defines: ${reply.available.join(', ')})`
        : ' (it defines no functions)';
      throw new PythonError('missing', `Python file ${file} has no function named "${fn}"${available}`);
    }
    default:
      throw new PythonError(
        'call',
        `Python function ${describeTarget(target, fn)} raised ${reply.error}${frames ? `\n${frames}` : ''}`,
      );
  }
}

function argsJson(given: unknown[]): string {
  // Trailing undefined arguments are JS optional parameters left out; Python should not see None.
  // Node's `process` (handed to JS transforms) means nothing to Python and is not data.
  const args = given.map((arg) => (isProcessObject(arg) ? undefined : arg));
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  args.length = end;
  try {
    return JSON.stringify(args, dropFunctions);
  } catch {
    // A cycle (e.g. a provider object holding its context): cut repeated objects.
    const seen = new WeakSet<object>();
    return JSON.stringify(args, (_key, value: unknown) => {
      if (typeof value === 'function') return undefined;
      if (isProvider(value)) return { id: value.id(), label: value.label };
      if (value && typeof value === 'object') {
        if (seen.has(value)) return undefined;
        seen.add(value);
      }
      return value;
    });
  }
}

/** Functions are dropped; a provider object becomes `{id, label}` (never its config, which may hold keys). */
function dropFunctions(_key: string, value: unknown): unknown {
  if (typeof value === 'function') return undefined;
  return isProvider(value) ? { id: value.id(), label: value.label } : value;
}

function isProvider(value: unknown): value is { id: () => string; label?: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'function' &&
    typeof (value as { call?: unknown }).call === 'function'
  );
}

function isProcessObject(value: unknown): boolean {
  return value === process || (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === process);
}
