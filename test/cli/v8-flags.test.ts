// The `assay` command changes V8 flags as it runs, yet Node's own modules must load under the
// default flags, or V8 rejects the code caches Node ships for them and compiles each from source.
// V8's cachedDataVersionTag() carries the hash of the current flags: the tag a cache is checked against.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedDataVersionTag, setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { V8FlagTracker } from '../../src/cli/v8-flags.js';
import { runCli, tempDir, writeFiles } from '../support/cli.js';

describe('V8FlagTracker', () => {
  const defaultTag = cachedDataVersionTag();
  afterEach(() => setFlagsFromString('--semi-space-growth-factor=2'));

  it('runs code under the default flags and then sets the changed ones again', () => {
    const flags = new V8FlagTracker({ setFlagsFromString });
    flags.set('--semi-space-growth-factor=1');
    const changedTag = cachedDataVersionTag();
    expect(changedTag).not.toBe(defaultTag);
    expect(flags.withDefaults(() => cachedDataVersionTag())).toBe(defaultTag);
    expect(cachedDataVersionTag()).toBe(changedTag);
    // Set back to its default, the flag is no longer changed.
    flags.set('--semi-space-growth-factor=2');
    expect(cachedDataVersionTag()).toBe(defaultTag);
  });

  it('leaves the flags alone when one of them has no known default', () => {
    const calls: string[] = [];
    const flags = new V8FlagTracker({ setFlagsFromString: (f) => calls.push(f) });
    flags.set('--heap-growing-percent=15 --max-lazy');
    calls.length = 0;
    expect(flags.withDefaults(() => 'ran')).toBe('ran');
    expect(calls).toEqual([]);
  });

  it('gives a module whose setFlagsFromString is tracked, the rest of node:v8 unchanged', async () => {
    const v8 = await import('node:v8');
    const calls: string[] = [];
    const tracked = new V8FlagTracker({ setFlagsFromString: (f) => calls.push(f) }).trackedModule({ ...v8 });
    tracked.setFlagsFromString('--heap-growing-percent=15');
    expect(calls).toEqual(['--heap-growing-percent=15']);
    expect(tracked.getHeapStatistics().total_heap_size).toBeGreaterThan(0);
  });
});

describe('the assay command', () => {
  it("loads Node's modules under V8's default flags while it runs with its own", async () => {
    // Preloaded into the command: records the flag tag at each first load of a Node module.
    const dir = tempDir();
    const report = join(dir, 'tags.json');
    const preload = join(dir, 'record-tags.cjs');
    writeFileSync(
      preload,
      `const Module = require('node:module');
const v8 = require('node:v8');
const start = v8.cachedDataVersionTag();
const loads = [];
const seen = new Set();
const load = Module._load;
Module._load = function (id, ...rest) {
  const name = id.replace(/^node:/, '');
  if (Module.isBuiltin(id) && !seen.has(name)) {
    seen.add(name);
    loads.push({ id: name, tag: v8.cachedDataVersionTag() });
  }
  return load.call(this, id, ...rest);
};
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ start, end: v8.cachedDataVersionTag(), loads })));
`,
    );
    const suite = writeFiles({
      'promptfooconfig.yaml':
        "prompts: ['Say {{word}}']\nproviders: [echo]\ntests:\n  - vars: { word: hello }\n    assert:\n      - type: contains\n        value: hello\n",
    });
    const run = await runCli(['eval', '-c', suite, '--no-progress-bar'], {
      env: { NODE_OPTIONS: `--require ${preload}`, ASSAY_COMPILE_CACHE: join(dir, 'compile-cache') },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { start, end, loads } = JSON.parse(readFileSync(report, 'utf8')) as {
      start: number;
      end: number;
      loads: Array<{ id: string; tag: number }>;
    };
    // The command did change the flags (heap growth), and loaded Node modules of its own beyond the
    // ones its entry loads before it runs the CLI, each the first time under the default flags.
    expect(end).not.toBe(start);
    const entryModules = ['fs', 'module', 'path', 'url', 'v8', 'vm'];
    expect(loads.filter((l) => !entryModules.includes(l.id)).length).toBeGreaterThan(3);
    expect(loads.filter((l) => l.tag !== start)).toEqual([]);
  });
});
