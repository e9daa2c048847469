// Untrusted text is data: var values read from tests files (CSV, JSON, YAML, JSONL), vars files
// and earlier model replies (storeOutputAs, _conversation) reach the prompt verbatim, never
// rendered as templates; vars written inline in the config keep promptfoo's vars-in-vars rendering.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { runCli, writeFiles } from '../support/cli.js';

const RCE = `{{ ("x").constructor.constructor("return process.getBuiltinModule('child_process').execSync('echo pwned-$((6*7))').toString()")() }}`;
const RANGE_BOMB = '{{ (range(30000000)) | length }}';
const KEY_COPY = '{{ env.ASSAY_TEST_SECRET_KEY }}';
const SECRET = 'sk-test-not-a-real-key-1234567890';

/** Runs the suite with the echo provider (output = prompt) and returns each cell's output. */
async function outputs(files: Record<string, string>, suite: Record<string, unknown>): Promise<string[]> {
  const dir = writeFiles(files);
  const result = await evaluate(
    { prompts: ['Q: {{ q }}'], providers: ['echo'], env: { ASSAY_TEST_SECRET_KEY: SECRET }, ...suite },
    { basePath: dir },
  );
  for (const r of result.results) expect(r.error ?? '').toBe('');
  return result.results.map((r) => String(r.response?.output));
}

const csvCell = (text: string) => `"${text.replaceAll('"', '""')}"`;

describe('var values from data files are never rendered', () => {
  it('a CSV cell with a Function-constructor payload reaches the prompt as text and runs nothing', async () => {
    const out = await outputs({ 'tests.csv': `q\n${csvCell(RCE)}\n` }, { tests: 'file://tests.csv' });
    expect(out).toEqual([`Q: ${RCE}`]);
    expect(out[0]).not.toContain('pwned-42');
  });

  it('a CSV cell with a range bomb or an env read stays text', async () => {
    const out = await outputs(
      { 'tests.csv': `q\n${csvCell(RANGE_BOMB)}\n${csvCell(KEY_COPY)}\n` },
      { tests: 'file://tests.csv' },
    );
    expect(out).toEqual([`Q: ${RANGE_BOMB}`, `Q: ${KEY_COPY}`]);
    expect(out.join()).not.toContain(SECRET);
  });

  it('JSON, YAML and JSONL tests files, vars files and file:// var contents are data too', async () => {
    const files = {
      'tests.json': JSON.stringify([{ vars: { q: KEY_COPY } }]),
      'tests.yaml': `- vars:\n    q: "${KEY_COPY}"\n`,
      'tests.jsonl': `${JSON.stringify({ vars: { q: KEY_COPY } })}\n`,
      'vars.yaml': `q: "${KEY_COPY}"\n`,
      'q.txt': KEY_COPY,
    };
    const out = await outputs(files, {
      tests: [
        'file://tests.json',
        'file://tests.yaml',
        'file://tests.jsonl',
        { vars: 'file://vars.yaml' },
        { vars: { q: 'file://q.txt' } },
      ],
    });
    expect(out).toEqual(Array(5).fill(`Q: ${KEY_COPY}`));
  });

  it('a var from a data file that names another var is not expanded', async () => {
    const out = await outputs({ 'tests.csv': 'q,name\n"Dear {{ name }}",Bo\n' }, { tests: 'file://tests.csv' });
    expect(out).toEqual(['Q: Dear {{ name }}']);
  });

  it('through the CLI, a CSV payload leaves no trace of the command or the key in any output', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': 'prompts: ["Q: {{ q }}"]\nproviders: [echo]\ntests: file://tests.csv\n',
      'tests.csv': `q\n${csvCell(RCE)}\n${csvCell(KEY_COPY)}\n`,
    });
    const run = await runCli(['eval', '--no-progress-bar', '--no-cache', '-o', join(dir, 'out.json')], {
      cwd: dir,
      env: { ASSAY_TEST_SECRET_KEY: SECRET },
    });
    expect(run.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const written = readFileSync(join(dir, 'out.json'), 'utf8');
    expect(written).not.toContain('pwned-42');
    expect(written).not.toContain(SECRET);
    expect(written).toContain('constructor.constructor');
  });
});

describe('earlier model replies are never rendered', () => {
  it('storeOutputAs hands the reply on verbatim', async () => {
    const result = await evaluate({
      prompts: ['{{ q }}'],
      providers: ['echo'],
      env: { ASSAY_TEST_REGION: 'eu-west' },
      tests: [
        { vars: { q: '{{ env.ASSAY_TEST_REGION }}' }, options: { storeOutputAs: 'reply' } },
        { vars: { q: 'was: {{ reply }}', reply: 'x' } },
      ],
    });
    // The first prompt is config-authored and renders the env var (not a secret: a secret's value
    // would be scrubbed from results); the echoed reply is then data.
    const second = String(result.results[1]!.response?.output);
    expect(result.results[0]!.response?.output).toBe('eu-west');
    expect(second).toBe('was: eu-west');

    const injected = await evaluate({
      prompts: ['{{ q }}'],
      providers: [{ id: () => 'hostile', callApi: async () => ({ output: KEY_COPY }) }],
      env: { ASSAY_TEST_SECRET_KEY: SECRET },
      tests: [
        { vars: { q: 'hi' }, options: { storeOutputAs: 'reply' } },
        { vars: { q: '{{ reply }}' } },
        { vars: { q: 'x' } },
      ],
    });
    // The hostile reply, stored as `reply`, is inserted as text and never evaluated.
    const prompts = injected.results.map((r) => r.prompt.raw);
    expect(prompts[1]).toBe(KEY_COPY);
    expect(prompts.join()).not.toContain(SECRET);
  });

  it('a stored reply that equals a config-authored template is still not rendered', async () => {
    const injected = await evaluate({
      prompts: ['{{ q }}'],
      providers: [{ id: () => 'hostile', callApi: async () => ({ output: KEY_COPY }) }],
      env: { ASSAY_TEST_SECRET_KEY: SECRET },
      tests: [{ vars: { q: 'hi' }, options: { storeOutputAs: 'reply' } }, { vars: { q: 'x', reply: KEY_COPY } }],
    });
    expect(injected.results.map((r) => r.prompt.raw)).toEqual(['hi', 'x']);
    const prompts = await evaluate({
      prompts: ['{{ reply }}'],
      providers: [{ id: () => 'hostile', callApi: async () => ({ output: KEY_COPY }) }],
      env: { ASSAY_TEST_SECRET_KEY: SECRET },
      tests: [{ vars: { reply: 'first' }, options: { storeOutputAs: 'reply' } }, { vars: { reply: KEY_COPY } }],
    });
    expect(prompts.results[1]!.prompt.raw).toBe(KEY_COPY);
  });

  it('_conversation turns are data', async () => {
    const result = await evaluate({
      prompts: ['{% for turn in _conversation %}[{{ turn.output }}]{% endfor %}{{ q }}'],
      providers: [{ id: () => 'hostile', callApi: async () => ({ output: `${RCE} ${KEY_COPY}` }) }],
      env: { ASSAY_TEST_SECRET_KEY: SECRET },
      tests: [{ vars: { q: 'a' } }, { vars: { q: 'b' } }],
    });
    const second = result.results[1]!.prompt.raw;
    expect(second).toBe(`[${RCE} ${KEY_COPY}]b`);
  });
});

describe('config-authored vars keep vars-in-vars rendering', () => {
  it('inline test vars, defaultTest vars and list vars render against other vars and env', async () => {
    const out = await outputs(
      {},
      {
        defaultTest: { vars: { greeting: 'Hi {{ name }}' } },
        tests: [
          { vars: { name: 'Bo', q: '{{ greeting }} from {{ env.ASSAY_TEST_SECRET_KEY | length }}' } },
          { vars: { name: 'Al', q: ['A {{ name }}', 'B {{ name }}'] } },
          { vars: { name: 'Cy', q: 'block {{ name }}\n' } },
        ],
      },
    );
    expect(out).toEqual([`Q: Hi {{ name }} from ${SECRET.length}`, 'Q: A Al', 'Q: B Al', 'Q: block Cy']);
  });

  it('a config-authored var that breaks a sandbox rule is used as written and runs nothing', async () => {
    const result = await evaluate({
      prompts: ['{{ q }}'],
      providers: ['echo'],
      tests: [{ vars: { q: 'ok' } }, { vars: { q: '{{ "".constructor }}' } }],
    });
    expect(result.results[0]!.response?.output).toBe('ok');
    expect(result.results[1]!.response?.output ?? '').not.toMatch(/function/);
  });

  it('a config-authored prompt that tries to reach Function fails its cell with the sandbox message and runs nothing', async () => {
    const result = await evaluate({
      prompts: [`Q: ${RCE}`, 'plain {{ q }}'],
      providers: ['echo'],
      tests: [{ vars: { q: 'x' } }],
    });
    const [hostile, plain] = result.results;
    expect(hostile!.error).toMatch(/may not read "constructor"/);
    expect(JSON.stringify(hostile)).not.toContain('pwned-42');
    expect(plain!.response?.output).toBe('plain x');
  });
});
