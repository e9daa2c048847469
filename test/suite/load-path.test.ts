// One load path for the CLI and the library: assertion types are checked at load by both, and
// every provider a suite names (test `provider:`, graders, assertion providers) is built at load
// with the same `{{ env.X }}` rendering as `providers:`, so mistakes are load errors, not failed cells.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { writeFiles } from '../support/cli.js';

function countingProvider() {
  const calls: string[] = [];
  return {
    calls,
    provider: {
      id: () => 'counting',
      callApi: async (prompt: string) => {
        calls.push(prompt);
        return { output: prompt };
      },
    },
  };
}

describe('the library checks what the CLI checks, before any provider call', () => {
  it('an unknown assertion type is a load error naming its key path', async () => {
    const { calls, provider } = countingProvider();
    const run = evaluate({
      prompts: ['hi'],
      providers: [provider],
      tests: [{ assert: [{ type: 'containz' as never, value: 'x' }] }],
    });
    await expect(run).rejects.toThrow(/tests\[0\]\.assert\[0\]\.type[\s\S]*containz/);
    expect(calls).toEqual([]);
  });

  it('in defaultTest and nested assert-sets too; not- forms of known types pass', async () => {
    const { calls, provider } = countingProvider();
    await expect(
      evaluate({
        prompts: ['hi'],
        providers: [provider],
        defaultTest: { assert: [{ type: 'icontainz' as never }] },
        tests: [{}],
      }),
    ).rejects.toThrow(/defaultTest[\s\S]*icontainz/);
    await expect(
      evaluate({
        prompts: ['hi'],
        providers: [provider],
        tests: [{ assert: [{ type: 'assert-set', assert: [{ type: 'equalz' as never }] }] as never }],
      }),
    ).rejects.toThrow(/equalz/);
    expect(calls).toEqual([]);
    const ok = await evaluate({
      prompts: ['hi'],
      providers: [provider],
      tests: [{ assert: [{ type: 'not-contains', value: 'zzz' }] }],
    });
    expect(ok.stats.successes).toBe(1);
  });
});

describe('every provider is built at load', () => {
  it("a test provider's own env: block is rendered into its id and config, as for providers: entries", async () => {
    const result = await evaluate({
      prompts: ['hi {{ x }}'],
      providers: ['echo'],
      tests: [
        {
          vars: { x: 1 },
          provider: { id: '{{ env.ASSAY_TEST_PROVIDER_ID }}', env: { ASSAY_TEST_PROVIDER_ID: 'echo' } } as never,
        },
      ],
    });
    expect(result.results[0]!.error ?? '').toBe('');
    expect(result.results[0]!.response?.output).toBe('hi 1');
  });

  it('a test provider, a grader and an assertion provider that cannot be built are load errors with key paths', async () => {
    const { calls, provider } = countingProvider();
    const base = { prompts: ['hi'], providers: [provider] };
    await expect(evaluate({ ...base, tests: [{ provider: 'nosuch:model' as never }] })).rejects.toThrow(
      /tests\[0\]\.provider[\s\S]*nosuch:model/,
    );
    await expect(
      evaluate({
        ...base,
        tests: [{ options: { provider: 'nosuch:grader' } as never, assert: [{ type: 'llm-rubric', value: 'ok' }] }],
      }),
    ).rejects.toThrow(/tests\[0\]\.options\.provider[\s\S]*nosuch:grader/);
    await expect(
      evaluate({
        ...base,
        tests: [{ assert: [{ type: 'similar', value: 'x', provider: { embedding: 'nosuch:embed' } } as never] }],
      }),
    ).rejects.toThrow(/assert\[0\]\.provider\.embedding[\s\S]*nosuch:embed/);
    await expect(
      evaluate({ ...base, defaultTest: { options: { provider: { id: 'nosuch:default' } } as never }, tests: [{}] }),
    ).rejects.toThrow(/defaultTest\.options\.provider[\s\S]*nosuch:default/);
    expect(calls).toEqual([]);
  });

  it('the CLI loader reports the same errors (loadSuite), and a configured label is not rebuilt', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml':
        'prompts: [hi]\nproviders: [{id: echo, label: mine}]\ntests:\n  - provider: mine\n  - provider: nosuch:thing\n',
    });
    await expect(loadSuite({ cwd: dir })).rejects.toThrow(/tests\[1\]\.provider[\s\S]*nosuch:thing/);
    const fine = writeFiles({
      'promptfooconfig.yaml':
        'prompts: [hi]\nproviders: [{id: echo, label: mine}]\ntests:\n  - provider: mine\n  - provider: echo\n',
    });
    const suite = await loadSuite({ cwd: fine });
    expect([...(suite.testProviders?.keys() ?? [])]).toEqual([]);
  });
});

describe('tests read from data files may not read env', () => {
  it('an env template in an assertion value, a metric or a provider config of a tests file is a load error naming the file', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': 'prompts: ["{{ q }}"]\nproviders: [echo]\ntests: file://tests.yaml\n',
      'tests.yaml':
        '- vars: {q: "{{ env.HOME }}"}\n  assert:\n    - type: contains\n      value: "{{ env.OPENAI_API_KEY }}"\n- provider: {id: echo, config: {key: "{% if env.X %}y{% endif %}"}}\n',
    });
    const err = await loadSuite({ cwd: dir }).catch((e: unknown) => e as Error);
    expect(String(err)).toMatch(/tests\.yaml[\s\S]*\[0\]\.assert\[0\]\.value[\s\S]*env/);
    expect(String(err)).toMatch(/\[1\]\.provider\.config\.key/);
    // A var that reads env is only text (never rendered), so it is not an error.
    expect(String(err)).not.toMatch(/\[0\]\.vars/);
  });

  it('env cannot hide inside a string literal holding "}}", a tag with "%}" or deep nesting; `x.env` and a var named in text are fine', async () => {
    const deep = `${'{a: '.repeat(60)}"{{ env.K }}"${'}'.repeat(60)}`;
    const dir = writeFiles({
      'promptfooconfig.yaml':
        'prompts: ["say {{ q }}"]\nproviders: [echo]\ntests: [file://rows.csv, file://tests.yaml]\n',
      // Each would render env at run time: as text ("}}sk-…") or as a pass/fail oracle on its characters.
      'rows.csv':
        'q,__expected\nhi,"contains:{{ ""}}"" ~ env.MY_SERVICE_KEY }}"\nhi,"equals:{% if ""%}"" and env.MY_SERVICE_KEY.startsWith(""sk-a"") %}say hi{% endif %}"\n',
      'tests.yaml': `- provider: {id: echo, config: ${deep}}\n- assert: [{type: contains, value: "{{ q.env }} env {{ envelope }}"}]\n`,
    });
    const err = await loadSuite({ cwd: dir }).catch((e: unknown) => e as Error);
    expect(String(err)).toMatch(/rows\.csv[\s\S]*\[0\]\.assert\[0\]\.value/);
    expect(String(err)).toMatch(/\[1\]\.assert\[0\]\.value/);
    expect(String(err)).toMatch(/\[0\]\.provider\.config(\.a){60}/);
    expect(String(err)).not.toMatch(/tests\.yaml at \[1\]/);
  });

  it('a tests file var may name a document in the config folder, not a script or a file outside it', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': 'prompts: ["doc: {{ doc }}"]\nproviders: [echo]\ntests: file://data/rows.csv\n',
      'data/rows.csv':
        'doc\nfile:///etc/hostname\nfile://../../secret.txt\nfile://evil.cjs\nfile://helper.py:make\nfile://data/notes.txt\n',
      'data/notes.txt': 'fine',
      'evil.cjs': 'module.exports = () => "ran";',
    });
    const err = await loadSuite({ cwd: dir }).catch((e: unknown) => e as Error);
    for (const row of [0, 1])
      expect(String(err)).toMatch(
        new RegExp(`rows\\.csv at \\[${row}\\]\\.vars\\.doc: A tests file's var may only name files inside`),
      );
    for (const row of [2, 3])
      expect(String(err)).toMatch(
        new RegExp(`rows\\.csv at \\[${row}\\]\\.vars\\.doc: A tests file's var may not name a script`),
      );
    expect(String(err)).not.toMatch(/\[4\]/);
  });

  it('templates over vars in a tests file still work', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': 'prompts: ["say {{ word }}"]\nproviders: [echo]\ntests: file://tests.csv\n',
      'tests.csv': 'word,__expected\nhello,"contains: {{ word }}"\n',
    });
    const suite = await loadSuite({ cwd: dir });
    const { runEval } = await import('../../src/runner/run-eval.js');
    const { resolveRunOptions } = await import('../../src/runner/options.js');
    const results: Array<{ success: boolean }> = [];
    await runEval(suite, resolveRunOptions({ cache: false }, {}), [
      (e) => void (e.type === 'result' && results.push(e.result)),
    ]);
    expect(results.map((r) => r.success)).toEqual([true]);
  });
});
