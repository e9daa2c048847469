// The worker pool through the loader's view of a .py file: calls, async functions, user output
// kept off the protocol, clear errors (syntax, missing function, exception with frames), a worker
// killed mid-call, a call past its timeout, an aborted call, and a pool growing to its limit.

import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callPython } from '../../src/python/call.js';
import { PythonError } from '../../src/python/python-error.js';
import { closePythonPools, poolFor } from '../../src/python/pool.js';
import { findPython } from '../../src/python/interpreter.js';
import { setPythonWorkerLimit } from '../../src/python/settings.js';
import { importModule, pickExport } from '../../src/scripting/load-module.js';
import { writeFiles } from '../support/cli.js';
import { hasPython, skipReason } from './has-python.js';

const dir = writeFiles({
  'funcs.py': [
    'import asyncio, os, sys, time',
    'def add(a, b):',
    '    print("noise on stdout")',
    '    sys.stdout.write("more noise\\n")',
    '    os.write(1, b"raw fd noise\\n")',
    '    return {"sum": a + b}',
    'async def slow_echo(text):',
    '    await asyncio.sleep(0.01)',
    '    return "async " + text',
    'def fails(x):',
    '    return inner(x)',
    'def inner(x):',
    '    raise KeyError("missing key " + x)',
    'def die():',
    '    os.kill(os.getpid(), 9)',
    'def sleep(seconds):',
    '    time.sleep(seconds)',
    '    return os.getpid()',
    'def pid():',
    '    return os.getpid()',
    'def takes_two(a, b):',
    '    return [a, b]',
    'def barrier(folder, count):',
    '    open(os.path.join(folder, str(os.getpid())), "w").close()',
    '    deadline = time.time() + 20',
    '    while len(os.listdir(folder)) < count and time.time() < deadline:',
    '        time.sleep(0.02)',
    '    return os.getpid()',
  ].join('\n'),
  'hooks.py': [
    'def beforeAll(context, options):',
    '    context["suite"]["tests"].append({"vars": {"added_by": options["hookName"]}})',
    '    return context',
  ].join('\n'),
  'broken.py': 'def ok():\n    return 1\ndef bad(:\n    pass\n',
  'raises_on_import.py': 'import json\nraise RuntimeError("cannot start")\n',
});
const file = join(dir, 'funcs.py');

afterAll(() => closePythonPools());

async function fn(name: string, path = file): Promise<(...args: unknown[]) => Promise<unknown>> {
  return pickExport(await importModule(path, dir), name, 'test') as (...args: unknown[]) => Promise<unknown>;
}

describe.skipIf(!hasPython)(`Python worker pool${skipReason}`, () => {
  it('calls sync and async functions; print() output does not corrupt replies', async () => {
    expect(await (await fn('add'))(2, 3)).toEqual({ sum: 5 });
    expect(await (await fn('slow_echo'))('hi')).toBe('async hi');
  });

  it('drops extra and trailing undefined arguments, as JavaScript would', async () => {
    expect(await (await fn('takes_two'))(1, 2, 3, 4)).toEqual([1, 2]);
    expect(await (await fn('takes_two'))(1, 2, undefined)).toEqual([1, 2]);
  });

  it('a hook resolved through the loader is an async function returning the changed context', async () => {
    const hook = await fn('beforeAll', join(dir, 'hooks.py'));
    const context = { suite: { tests: [{ vars: { a: 1 } }] } };
    const returned = hook(context, { hookName: 'beforeAll' });
    expect(returned).toBeInstanceOf(Promise);
    expect(await returned).toEqual({ suite: { tests: [{ vars: { a: 1 } }, { vars: { added_by: 'beforeAll' } }] } });
  });

  it('reports an exception with the file, function and the last traceback frames', async () => {
    const error = await (await fn('fails'))('x').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PythonError);
    const message = (error as Error).message;
    expect(message).toContain('funcs.py:fails raised KeyError');
    expect(message).toContain("'missing key x'");
    expect(message).toMatch(/line 13, in inner/);
    expect(message).not.toContain('worker.py');
  });

  it('reports a syntax error when the file is loaded, naming the file and line', async () => {
    const error = await importModule(join(dir, 'broken.py'), dir).catch((err: unknown) => err);
    expect((error as PythonError).kind).toBe('load');
    expect((error as Error).message).toContain('broken.py could not be loaded: ');
    expect((error as Error).message).toMatch(/SyntaxError/);
    expect((error as Error).message).toMatch(/line 3/);
  });

  it('reports an exception at import time with its frames', async () => {
    const error = await importModule(join(dir, 'raises_on_import.py'), dir).catch((err: unknown) => err);
    expect((error as Error).message).toContain('RuntimeError: cannot start');
    expect((error as Error).message).toMatch(/raises_on_import\.py", line 2/);
  });

  it('names the missing function and lists the ones the file defines', async () => {
    const mod = await importModule(file, dir);
    expect(() => pickExport(mod, 'nope', 'provider file://funcs.py:nope')).toThrow(
      /has no function named "nope" \(it defines: .*add.*\)/,
    );
    expect(() => pickExport(mod, undefined, 'prompt file://funcs.py')).toThrow(/name the Python function/);
  });

  it('a worker killed mid-call fails that call clearly; the next call gets a new worker', async () => {
    const error = await callPython({ path: file }, 'die', []).catch((err: unknown) => err);
    expect((error as PythonError).kind).toBe('crash');
    expect((error as Error).message).toMatch(/Python worker running .*funcs\.py:die was killed by SIGKILL/);
    expect(await callPython({ path: file }, 'add', [1, 1])).toEqual({ sum: 2 });
  });

  it('a call past its timeout is stopped and its worker replaced', async () => {
    const error = await callPython({ path: file }, 'sleep', [30], { timeoutMs: 300 }).catch((err: unknown) => err);
    expect((error as PythonError).kind).toBe('timeout');
    expect((error as Error).message).toContain('funcs.py:sleep timed out after 300 ms');
    expect(await callPython({ path: file }, 'add', [2, 2])).toEqual({ sum: 4 });
  });

  it('an aborted call ends at once', async () => {
    const controller = new AbortController();
    const pending = callPython({ path: file }, 'sleep', [30], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await pending.catch((err: unknown) => err);
    expect((error as PythonError).kind).toBe('aborted');
  });

  it('grows to the worker limit when calls overlap, and no further', async () => {
    const { command } = await findPython();
    setPythonWorkerLimit(8);
    const target = { path: file, workers: 8 };
    // Each call waits for 8 workers to check in: it returns at once only if 8 run concurrently.
    const folder = join(dir, 'checkins');
    mkdirSync(folder);
    const pids = await Promise.all(Array.from({ length: 8 }, () => callPython(target, 'barrier', [folder, 8])));
    expect(new Set(pids).size).toBe(8);
    expect(readdirSync(folder)).toHaveLength(8);
    // More overlapping calls than the limit queue for the 8 workers rather than start a 9th.
    await Promise.all(Array.from({ length: 12 }, () => callPython(target, 'sleep', [0.05])));
    expect(poolFor(command, 8, file).started.length).toBe(8);
  });

  it('says clearly when the configured interpreter does not exist', async () => {
    const saved = process.env.ASSAY_PYTHON;
    process.env.ASSAY_PYTHON = join(dir, 'no-such-python');
    try {
      await expect(callPython({ path: file }, 'pid', [])).rejects.toThrow(
        /Python 3 was not found\. ASSAY_PYTHON is set to ".*no-such-python"/,
      );
    } finally {
      if (saved === undefined) delete process.env.ASSAY_PYTHON;
      else process.env.ASSAY_PYTHON = saved;
    }
  });
});
