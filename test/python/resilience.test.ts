// A Python provider that misbehaves inside a real eval: a worker killed by SIGKILL mid-call, a
// call that sleeps past the cell timeout, Ctrl-C while calls are in flight. Each costs only its
// own cell; the run completes and writes every output. And -j 8 puts 8 workers to use.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collect, runCli, startCli, writeFiles } from '../support/cli.js';
import { hasPython, skipReason } from './has-python.js';

interface Row {
  success: boolean;
  vars: Record<string, string>;
  response?: { output?: unknown; error?: string };
  error?: string;
}

const provider = `
import os, time

def call_api(prompt, options, context):
    action = context["vars"].get("action", "")
    if action == "kill":
        os.kill(os.getpid(), 9)
    if action.startswith("sleep"):
        time.sleep(float(action[5:]))
    return {"output": "pid %d: %s" % (os.getpid(), prompt)}
`;

function suite(actions: string[]): string {
  const tests = actions
    .map(
      (action, i) => `  - vars: { n: '${i}', action: '${action}' }\n    assert: [{ type: contains, value: 'n${i}' }]`,
    )
    .join('\n');
  return writeFiles({
    'provider.py': provider,
    'promptfooconfig.yaml': `prompts: ['n{{n}}']\nproviders: [file://provider.py]\ntests:\n${tests}\n`,
  });
}

function rows(path: string): Row[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { results: { results: Row[] } }).results.results;
}

describe.skipIf(!hasPython)(`Python providers under failure${skipReason}`, () => {
  it('a worker killed with SIGKILL mid-call errors only its cell; the run completes and writes every output', async () => {
    const dir = suite(['', 'kill', '', '', '', '']);
    const json = join(dir, 'out.json');
    const jsonl = join(dir, 'out.jsonl');
    const run = await runCli(['eval', '-c', dir, '--no-progress-bar', '--no-cache', '-j', '2', '-o', json, jsonl]);
    expect(run.code).toBe(100);
    const results = rows(json);
    expect(results).toHaveLength(6);
    const killed = results.find((r) => r.vars.action === 'kill')!;
    expect(killed.success).toBe(false);
    expect(killed.response?.error).toMatch(/Python worker running .*provider\.py:call_api was killed by SIGKILL/);
    expect(results.filter((r) => r.success)).toHaveLength(5);
    expect(readFileSync(jsonl, 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('a provider sleeping past --timeout errors that cell; its worker is stopped and the rest pass', async () => {
    const dir = suite(['', 'sleep60', '', '']);
    const json = join(dir, 'out.json');
    const run = await runCli(
      ['eval', '-c', dir, '--no-progress-bar', '--no-cache', '-j', '2', '--timeout', '1500', '-o', json],
      { timeoutMs: 25_000 },
    );
    expect(run.code).toBe(100);
    const results = rows(json);
    expect(results).toHaveLength(4);
    const slow = results.find((r) => r.vars.action === 'sleep60')!;
    expect(slow.success).toBe(false);
    expect(slow.response?.error ?? slow.error).toMatch(/timed out after 1500ms/);
    expect(results.filter((r) => r.success)).toHaveLength(3);
  });

  it('-j 8 runs calls on 8 Python workers at once', async () => {
    // Each call waits until 8 different workers have checked in, so the run completes only if
    // the pool really grew to 8 concurrent workers (else each call reports a timeout).
    const dir = writeFiles({
      'barrier.py': [
        'import os, time',
        '',
        'def call_api(prompt, options, context):',
        '    folder = options["config"]["folder"]',
        '    open(os.path.join(folder, str(os.getpid())), "w").close()',
        '    deadline = time.time() + 20',
        '    while len(os.listdir(folder)) < 8:',
        '        if time.time() > deadline:',
        '            return {"output": "timeout: only %d workers" % len(os.listdir(folder))}',
        '        time.sleep(0.02)',
        '    return {"output": "pid %d" % os.getpid()}',
      ].join('\n'),
      'checkins/.keep': '',
    });
    const folder = join(dir, 'checkins');
    rmSync(join(folder, '.keep'));
    const tests = Array.from({ length: 8 }, (_, i) => `  - vars: { n: '${i}' }`).join('\n');
    writeFileSync(
      join(dir, 'promptfooconfig.yaml'),
      `prompts: ['n{{n}}']\nproviders:\n  - id: file://barrier.py\n    config: { folder: '${folder}' }\ntests:\n${tests}\n`,
    );
    const json = join(dir, 'out.json');
    const run = await runCli(
      ['eval', '-c', dir, '--no-progress-bar', '--no-cache', '-j', '8', '-o', json, '--verbose'],
      { timeoutMs: 40_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const outputs = rows(json).map((r) => String(r.response?.output));
    expect(outputs.filter((o) => o.startsWith('timeout'))).toEqual([]);
    expect(new Set(outputs).size).toBe(8);
    expect(run.stderr).toContain('(8 of up to 8)');
    expect(run.stderr).not.toContain('(9 of up to');
  });

  it('a second Ctrl-C cancels Python calls in flight; the CLI exits 130 with its outputs written', async () => {
    const dir = suite(['sleep60', 'sleep60', 'sleep60']);
    const json = join(dir, 'out.json');
    const child = startCli(['--verbose', 'eval', '-c', dir, '--no-progress-bar', '--no-cache', '-j', '3', '-o', json]);
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const done = collect(child, 20_000);
    // Interrupt only once the eval is running: the pool has grown past its load-time worker.
    const deadline = Date.now() + 15_000;
    while (!stderr.includes('(3 of up to 3)') && Date.now() < deadline) await sleep(50);
    child.kill('SIGINT');
    await sleep(200);
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(130);
    expect(Array.isArray(rows(json))).toBe(true);
  });
});

describe.skipIf(!hasPython)(`Python stderr is hostile text${skipReason}`, () => {
  it('a secret written to stderr in two pieces, then a crash: no prefix in the error; --verbose echo is scrubbed and control-escaped', async () => {
    const key = 'PYK3Y-aa71-bq90-zz31-4646';
    const dir = writeFiles({
      'provider.py': [
        'import os, sys, time',
        'def call_api(prompt, options, context):',
        '    k = os.environ["MY_SERVICE_KEY"]',
        '    sys.stderr.write("title \\x1b]0;pwned\\x07 key " + k[:8]); sys.stderr.flush(); time.sleep(0.3)',
        '    sys.stderr.write(k[8:] + " end\\n"); sys.stderr.flush(); time.sleep(0.1)',
        '    os._exit(1)',
        '',
      ].join('\n'),
      'promptfooconfig.yaml': `prompts: ['hi']\nproviders: [file://provider.py]\ntests: [{}]\n`,
    });
    const run = await runCli(['eval', '--verbose', '--no-progress-bar', '-o', 'out.json'], {
      cwd: dir,
      env: { MY_SERVICE_KEY: key },
    });
    const [row] = rows(join(dir, 'out.json'));
    expect(row!.error ?? row!.response?.error).toMatch(/exited with code 1/);
    for (const text of [run.stdout, run.stderr, readFileSync(join(dir, 'out.json'), 'utf8')])
      expect(text).not.toContain(key.slice(0, 6));
    expect(run.stderr).toContain('\\e]0;pwned\\a');
    expect(run.stderr).not.toContain('\u001b]0;');
  });
});
