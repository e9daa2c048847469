import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ConfigErrors } from '../../src/errors.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { renderTemplate, withTemplateEngine } from '../../src/template/environment.js';
import { fixture } from './fixture.js';

const touched: string[] = [];
function setEnv(name: string, value: string): void {
  touched.push(name);
  process.env[name] = value;
}
afterEach(() => {
  for (const name of touched.splice(0)) delete process.env[name];
});

describe('loading a config file', () => {
  it('reports malformed YAML with file, line and column', async () => {
    const dir = fixture({ 'promptfooconfig.yaml': 'prompts:\n  - hello\nproviders: [echo\ntests: []\n' });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.code).toBe('CONFIG_YAML_SYNTAX');
    expect(err.location.file).toBe('promptfooconfig.yaml');
    expect(err.location.line).toBeGreaterThanOrEqual(3);
    expect(err.location.column).toBeGreaterThan(0);
    expect(err.message).toMatch(/^promptfooconfig\.yaml:\d+:\d+: Invalid YAML/);
  });

  it('reports a schema problem with its key path and line', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': 'prompts: [hi]\nproviders:\n  - echo\n  - id: echo\n    config: not-an-object\n',
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.location).toMatchObject({ file: 'promptfooconfig.yaml', keyPath: 'providers[1].config', line: 5 });
    expect(err.message).toContain('at providers[1].config');
    expect(err.message).toMatch(/expected (an )?(object|record)/);
  });

  it('reports every schema problem at once', async () => {
    const dir = fixture({
      'promptfooconfig.yaml':
        'prompts: [hi]\nproviders: [echo]\ntests:\n  - vars: {a: 1}\n    threshold: high\n  - assert:\n      - value: 3\nevaluateOptions:\n  maxConcurrency: -2\n',
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigErrors;
    expect(err).toBeInstanceOf(ConfigErrors);
    expect(err.errors.map((e) => e.location.keyPath).sort()).toEqual([
      'evaluateOptions.maxConcurrency',
      'tests[0].threshold',
      'tests[1].assert[0].type',
    ]);
  });

  it('accepts targets as an alias of providers and defaults prompts to {{prompt}}', async () => {
    const dir = fixture({ 'promptfooconfig.yaml': 'targets: [echo]\ntests:\n  - vars: {prompt: hello}\n' });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.providers[0]!.provider.id()).toBe('echo');
    expect(suite.prompts.map((p) => p.raw)).toEqual(['{{prompt}}']);
  });

  it('renders env templates at load time and leaves other templates for run time', async () => {
    setEnv('ASSAY_TEST_REGION', 'eu-west');
    const dir = fixture({
      'promptfooconfig.yaml': [
        'env:',
        '  GREETING: "hello from {{ env.ASSAY_TEST_REGION }}"',
        'prompts: ["{{ env.GREETING }}: {{ question }} {{ env.ASSAY_NOT_SET }} {{ env.ASSAY_NOT_SET | default(\'dflt\') }}"]',
        'providers: [echo]',
        'tests: [{vars: {question: "why?"}}]',
      ].join('\n'),
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.env).toEqual({ GREETING: 'hello from eu-west' });
    expect(suite.prompts[0]!.raw).toBe('hello from eu-west: {{ question }} {{ env.ASSAY_NOT_SET }} dflt');
    // The suite's env is also what `{{ env.X }}` sees at run time.
    expect(withTemplateEngine(suite.templates!, () => renderTemplate('{{ env.GREETING }}', {}))).toBe(
      'hello from eu-west',
    );
    // The raw config kept for output files still holds the template, not the value.
    expect((suite.config.env as Record<string, string>).GREETING).toBe('hello from {{ env.ASSAY_TEST_REGION }}');
  });

  it('loads .env from the working folder and extra env files, without replacing set variables', async () => {
    setEnv('ASSAY_TEST_PRESET', 'from-shell');
    touched.push('ASSAY_TEST_DOTENV', 'ASSAY_TEST_EXTRA');
    const dir = fixture({
      '.env': 'ASSAY_TEST_DOTENV=dot\nASSAY_TEST_PRESET=from-file\nASSAY_TEST_EXTRA=dot\n',
      'extra.env': 'ASSAY_TEST_EXTRA=extra\n',
      'promptfooconfig.yaml':
        'prompts: ["{{ env.ASSAY_TEST_DOTENV }} {{ env.ASSAY_TEST_PRESET }} {{ env.ASSAY_TEST_EXTRA }}"]\nproviders: [echo]\n',
    });
    const suite = await loadSuite({ cwd: dir, envFiles: ['extra.env'] });
    expect(suite.prompts[0]!.raw).toBe('dot from-shell extra');
  });

  it('reads JS configs (default export)', async () => {
    const dir = fixture({
      'promptfooconfig.mjs':
        "export default { prompts: ['Hi {{x}}'], providers: ['echo'], tests: [{ vars: { x: 1 } }] };",
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.prompts[0]!.raw).toBe('Hi {{x}}');
    expect(suite.tests[0]!.vars).toEqual({ x: 1 });
  });

  it('takes evaluateOptions, outputPath, description and CLI overrides', async () => {
    const dir = fixture({
      'promptfooconfig.yaml':
        'description: from config\nprompts: [a, b]\nproviders: [echo]\noutputPath: out.json\nevaluateOptions: {maxConcurrency: 3, repeat: 2}\n',
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.evaluateOptions).toEqual({ maxConcurrency: 3, repeat: 2 });
    expect(suite.outputPath).toEqual(['out.json']);
    const overridden = await loadSuite({
      cwd: dir,
      overrides: { description: 'cli', outputPath: ['x.csv', 'y.jsonl'], prompts: ['only {{this}}'] },
    });
    expect(overridden.description).toBe('cli');
    expect(overridden.outputPath).toEqual(['x.csv', 'y.jsonl']);
    expect(overridden.prompts.map((p) => p.raw)).toEqual(['only {{this}}']);
  });
});
