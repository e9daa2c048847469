// Every Python entry point through the built CLI, as a user runs it: providers (named, async,
// embeddings), prompt functions, generated tests, get_var vars, transforms, python assertions in
// each form, plus the failures a user must be able to read (syntax error, missing function).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeFiles } from '../support/cli.js';
import { hasPython, skipReason } from './has-python.js';

interface Row {
  success: boolean;
  error?: string;
  vars: Record<string, unknown>;
  prompt: { raw: string; label: string };
  response?: {
    output?: unknown;
    error?: string;
    tokenUsage?: Record<string, number>;
    metadata?: Record<string, unknown>;
  };
  gradingResult?: {
    pass: boolean;
    score: number;
    reason: string;
    namedScores?: Record<string, number>;
    componentResults?: Array<{ pass: boolean; score: number; reason: string }>;
  };
}

function rows(dir: string): Row[] {
  return (JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { results: { results: Row[] } }).results.results;
}

const files = {
  'provider.py': `
import asyncio

async def answer(prompt, options, context):
    await asyncio.sleep(0.001)
    return {
        "output": "echo " + prompt,
        "tokenUsage": {"prompt": 3, "completion": 2, "total": 5},
        "cost": 0.25,
        "metadata": {"greeting": options["config"]["greeting"], "topic": context["vars"]["topic"]},
    }

def call_api(prompt, options, context):
    return "plain " + prompt

def call_embedding_api(text, options):
    return {"embedding": [1.0, float(len(text) % 3), 0.5]}
`,
  'prompts.py': `
def chat(context):
    return [
        {"role": "system", "content": "You answer about " + context["vars"]["topic"]},
        {"role": "user", "content": "Tell me about " + context["vars"]["topic"] + " for " + context["provider"]["id"]},
    ]
`,
  'generate.py': `
def generate_tests(config=None):
    return [
        {"vars": {"topic": "tea", "detail": "file://vars.py"}},
        {"vars": {"topic": "coffee", "detail": "file://vars.py"}},
    ]
`,
  'vars.py': `
def get_var(var_name, prompt, other_vars):
    return {"output": var_name + " about " + other_vars["topic"]}
`,
  'transforms.py': `
def get_transform(output, context):
    return output.upper()

def tag(output, context):
    return output + " [" + context["vars"]["topic"] + "]"
`,
  'grade.py': `
def get_assert(output, context):
    return {
        "pass": True,
        "score": 0.75,
        "reason": "graded in Python",
        "named_scores": {"python_quality": 0.75},
        "component_results": [{"pass": True, "score": 1, "reason": "part one"}],
    }

def length_score(output, context):
    return len(output) / 1000
`,
  'promptfooconfig.yaml': `
prompts:
  - file://prompts.py:chat
  - 'Q: {{topic}} / {{detail}}'
providers:
  - id: file://provider.py:answer
    label: async-py
    config:
      greeting: hello
    transform: file://transforms.py:tag
tests: file://generate.py
defaultTest:
  options:
    transform: file://transforms.py
  assert:
    - type: python
      value: "'ECHO' in output and context['vars']['topic'] in output.lower()"
    - type: python
      value: |
        words = output.split()
        if len(words) < 3:
            return False
        return {"pass": True, "score": 1, "reason": "multi-line body ran on " + context["vars"]["topic"]}
    - type: python
      value: file://grade.py
    - type: python
      value: file://grade.py:length_score
      threshold: 0.01
    - type: similar
      value: some text
      threshold: 0.1
      provider: file://provider.py
`,
};

describe.skipIf(!hasPython)(`Python entry points through the CLI${skipReason}`, () => {
  it('runs a named async provider, a prompt function, generated tests, get_var, transforms and python assertions', async () => {
    const dir = writeFiles(files);
    const run = await runCli(
      ['eval', '-c', dir, '--no-progress-bar', '--no-table', '--no-cache', '-o', join(dir, 'out.json'), '--verbose'],
      { timeoutMs: 30_000 },
    );
    expect(run.stderr).toMatch(/\[python\] using \S+ \(Python 3\.\d+\.\d+\)/);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const results = rows(dir);
    expect(results).toHaveLength(4);
    const chat = results.find((r) => r.vars.topic === 'tea' && r.prompt.label.includes('prompts.py:chat'))!;
    // The prompt function's chat messages reach the provider as JSON; the provider saw its config.
    expect(JSON.parse(chat.prompt.raw)).toEqual([
      { role: 'system', content: 'You answer about tea' },
      { role: 'user', content: 'Tell me about tea for file://provider.py:answer' },
    ]);
    expect(chat.response?.metadata).toMatchObject({ greeting: 'hello', topic: 'tea' });
    expect(chat.response?.tokenUsage).toMatchObject({ prompt: 3, completion: 2, total: 5 });
    const plain = results.find((r) => r.vars.topic === 'coffee' && r.prompt.raw.startsWith('Q:'))!;
    // get_var filled {{detail}}; the provider transform then the test transform (get_transform) ran in order.
    expect(plain.response?.output).toBe('ECHO Q: COFFEE / DETAIL ABOUT COFFEE [COFFEE]');
    expect(plain.prompt.raw).toBe('Q: coffee / detail about coffee');
    for (const row of results) {
      expect(row.success, JSON.stringify(row.gradingResult)).toBe(true);
      expect(row.gradingResult?.namedScores).toMatchObject({ python_quality: 0.75 });
      const reasons = row.gradingResult?.componentResults?.map((c) => c.reason) ?? [];
      expect(reasons).toContain('graded in Python');
      expect(reasons).toContain(`multi-line body ran on ${String(row.vars.topic)}`);
      expect(reasons).toContain('part one');
      // `similar` embedded both texts with the Python provider's call_embedding_api.
      expect(reasons.some((r) => /^Similarity \d/.test(r))).toBe(true);
    }
  });

  it('a failing python assertion fails its cell with the reason; an exception names the file, function and line', async () => {
    const dir = writeFiles({
      'provider.py': 'def call_api(prompt, options, context):\n    return {"output": "short"}\n',
      'grade.py':
        'def get_assert(output, context):\n    return check(output)\n\ndef check(output):\n    raise ValueError("grader broke on " + output)\n',
      'promptfooconfig.yaml': `
prompts: ['hi']
providers: ['file://provider.py']
tests:
  - assert:
      - type: python
        value: len(output) > 100
  - assert:
      - type: python
        value: file://grade.py
`,
    });
    const run = await runCli([
      'eval',
      '-c',
      dir,
      '--no-progress-bar',
      '--no-table',
      '--no-cache',
      '-o',
      join(dir, 'out.json'),
    ]);
    expect(run.code).toBe(100);
    const [first, second] = rows(dir);
    expect(first!.success).toBe(false);
    expect(first!.gradingResult?.reason).toContain('Python code returned false');
    expect(second!.gradingResult?.reason).toMatch(
      /^Python code execution failed: Python function \S*grade\.py:get_assert raised ValueError: grader broke on short/,
    );
    expect(second!.gradingResult?.reason).toMatch(/grade\.py", line 5, in check/);
  });

  it('a syntax error in a provider file is one clear config error naming the file and line', async () => {
    const dir = writeFiles({
      'provider.py': 'def call_api(prompt, options, context)\n    return "x"\n',
      'promptfooconfig.yaml': "prompts: ['hi']\nproviders: ['file://provider.py']\ntests: [{}]\n",
    });
    const run = await runCli(['eval', '-c', dir, '--no-progress-bar', '--no-cache']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('provider.py could not be loaded');
    expect(run.stderr).toMatch(/SyntaxError/);
    expect(run.stderr).toMatch(/line 1/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('a missing function is one clear config error listing what the file defines', async () => {
    const dir = writeFiles({
      'provider.py': 'def call_api(prompt, options, context):\n    return "x"\n\ndef other():\n    pass\n',
      'promptfooconfig.yaml': "prompts: ['hi']\nproviders: ['file://provider.py:answer']\ntests: [{}]\n",
    });
    const run = await runCli(['eval', '-c', dir, '--no-progress-bar', '--no-cache']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/has no function named "answer" \(it defines: call_api, other\)/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
