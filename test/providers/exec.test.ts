// The exec: provider runs a real local command per call: stdout is the output, the prompt and
// context arrive as arguments, failures carry the exit code and stderr, slow commands time out.

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitCommandLine } from '../../src/providers/exec.js';
import { createProvider } from '../../src/providers/registry.js';
import type { CallContext } from '../../src/providers/types.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-exec-'));
writeFileSync(
  join(dir, 'reply.mjs'),
  'const [prompt, options, context] = process.argv.slice(2);\nconsole.log(`${prompt.toUpperCase()} for ${JSON.parse(context).vars.name}`);\n',
);
writeFileSync(join(dir, 'fail.mjs'), 'console.error("model file missing: weights.bin");\nprocess.exit(3);\n');
writeFileSync(join(dir, 'slow.mjs'), 'setTimeout(() => console.log("late"), 10000);\n');
writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\necho "shell got: $1"\n');
chmodSync(join(dir, 'run.sh'), 0o755);

const ctx: CallContext = { vars: { name: 'Ada' }, prompt: { raw: '', label: 't' }, repeatIndex: 0 };
const build = (id: string, config: Record<string, unknown> = {}) =>
  createProvider({ id, config, env: {}, basePath: dir });

describe('exec: provider', () => {
  it('takes stdout as the output, with the prompt and the context passed as arguments', async () => {
    const provider = await build(`exec: ${process.execPath} reply.mjs`);
    const result = await provider.call('hello "there"; rm -rf /', ctx);
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('HELLO "THERE"; RM -RF / for Ada');
  });

  it('runs a relative script from the config folder', async () => {
    const provider = await build('exec:./run.sh');
    expect((await provider.call('ping', ctx)).output).toBe('shell got: ping');
  });

  it('a non-zero exit is an error with the code and stderr', async () => {
    const provider = await build(`exec: ${process.execPath} fail.mjs`);
    const result = await provider.call('x', ctx);
    expect(result.output).toBeUndefined();
    expect(result.error).toMatch(/exited with code 3/);
    expect(result.error).toContain('model file missing: weights.bin');
  });

  it('a command slower than timeoutMs is stopped and reported', async () => {
    const provider = await build(`exec: ${process.execPath} slow.mjs`, { timeoutMs: 200 });
    const result = await provider.call('x', ctx);
    expect(result.error).toMatch(/timed out after 200 ms/);
  });

  it('a missing command says so', async () => {
    const provider = await build('exec: no-such-command-assay arg');
    expect((await provider.call('x', ctx)).error).toMatch(/command not found: no-such-command-assay/);
  });

  it('splits a command line like a shell would, without running one', () => {
    expect(splitCommandLine(`python "my script.py" --flag 'a b' c\\ d`)).toEqual([
      'python',
      'my script.py',
      '--flag',
      'a b',
      'c d',
    ]);
  });
});

describe('unknown provider ids', () => {
  it('suggests the closest prefix and the OpenAI-compatible route', async () => {
    const err = (await build('databrick:my-endpoint').catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('Did you mean "databricks:"?');
    expect(err.message).toContain('openai:chat:<model> with config.apiBaseUrl');
    expect(err.message).toMatch(/ws:\/\/, wss:\/\//);
    const llama = (await build('llama:Llama-4').catch((e: unknown) => e)) as Error;
    expect(llama.message).toContain('Did you mean "llamaapi:"?');
    const other = (await build('ollama:chat:llama3').catch((e: unknown) => e)) as Error;
    expect(other.message).not.toContain('Did you mean');
    expect(other.message).toContain('openai:chat:<model>');
  });

  it('routes https:// ids to the http provider', async () => {
    const provider = await build('https://example.test/api?api_key=abc123secret', { body: { q: '{{prompt}}' } });
    expect(provider.id()).not.toContain('abc123secret');
  });
});
