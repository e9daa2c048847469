import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { CallContext, Provider } from '../../src/providers/types.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { suiteFromObject } from '../../src/suite/suite-from-object.js';
import { fixture } from '../config/fixture.js';

const context: CallContext = { vars: {}, prompt: { raw: 'p', label: 'p' }, repeatIndex: 0 };

afterEach(() => {
  delete process.env.ASSAY_TEST_TOKEN;
});

describe('providers', () => {
  it('accepts ids, objects, the map form and file:// provider lists', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': [
        'prompts: [hi]',
        'providers:',
        '  - echo',
        '  - id: echo',
        '    label: Labelled',
        '    prompts: [hi]',
        '    delay: 50',
        '    transform: output.trim()',
        '  - echo:',
        '      label: FromMap',
        '      config: {a: 1}',
        '  - file://providers.yaml',
      ].join('\n'),
      'providers.yaml': '- id: echo\n  label: FileOne\n- id: echo\n  label: FileTwo\n',
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.providers.map((p) => p.label)).toEqual([undefined, 'Labelled', 'FromMap', 'FileOne', 'FileTwo']);
    expect(suite.providers[1]).toMatchObject({ prompts: ['hi'], delay: 50, transform: 'output.trim()' });
    expect(suite.providers[2]!.provider.config).toEqual({ a: 1 });
    expect((await suite.providers[0]!.provider.call('hello', context)).output).toBe('hello');
  });

  it('fails on an unknown provider id with the registry message, the file and the key path', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': 'prompts: [hi]\nproviders:\n  - echo\n  - id: nosuchvendor:model-x\n',
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.code).toBe('PROVIDER_UNKNOWN');
    expect(err.message).toContain('Unknown provider "nosuchvendor:model-x"');
    expect(err.message).toContain('echo:');
    expect(err.location).toMatchObject({ file: 'promptfooconfig.yaml', keyPath: 'providers[1].id' });
  });

  it('places a provider config problem in the file, under that provider entry', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': 'prompts: [hi]\nproviders:\n  - echo\n  - id: ws://127.0.0.1:9/chat\n',
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.location).toMatchObject({
      file: 'promptfooconfig.yaml',
      keyPath: 'providers[1].config.messageTemplate',
    });
    expect(err.message).toMatch(
      /^promptfooconfig\.yaml at providers\[1\]\.config\.messageTemplate: WebSocket provider .* needs config\.messageTemplate/,
    );
  });

  it('renders provider config with suite env and the provider env block', async () => {
    process.env.ASSAY_TEST_TOKEN = 'from-process';
    const dir = fixture({
      'promptfooconfig.yaml': [
        'env: {REGION: eu}',
        'prompts: [hi]',
        'providers:',
        '  - id: echo',
        '    env: {MODEL: small}',
        '    config:',
        "      url: 'https://{{ env.REGION }}.example/{{ env.MODEL }}'",
        "      token: '{{ env.ASSAY_TEST_TOKEN }}'",
        "      body: '{{ prompt }}'",
      ].join('\n'),
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.providers[0]!.provider.config).toEqual({
      url: 'https://eu.example/small',
      token: 'from-process',
      body: '{{ prompt }}',
    });
  });

  it('--providers picks config providers by id, label or id suffix, else adds a new one', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': 'prompts: [hi]\nproviders:\n  - id: echo\n    label: A\n  - id: echo:two\n    label: B\n',
    });
    const byLabel = await loadSuite({ cwd: dir, overrides: { providers: ['B'] } });
    expect(byLabel.providers.map((p) => p.label)).toEqual(['B']);
    const bySuffix = await loadSuite({ cwd: dir, overrides: { providers: ['two'] } });
    expect(bySuffix.providers.map((p) => p.label)).toEqual(['B']);
    const fresh = await loadSuite({ cwd: dir, overrides: { providers: ['echo:three'] } });
    expect(fresh.providers.map((p) => p.provider.id())).toEqual(['echo:three']);
  });

  it('library users may pass Provider objects, promptfoo-style callApi objects and functions', async () => {
    class Upper implements Provider {
      id() {
        return 'upper';
      }
      async call(prompt: string) {
        return { output: prompt.toUpperCase() };
      }
    }
    const suite = await suiteFromObject(
      {
        prompts: ['hi'],
        providers: [
          new Upper(),
          { id: 'legacy', label: 'Legacy', callApi: async (prompt: string) => ({ output: `legacy:${prompt}` }) },
          async (prompt: string) => ({ output: `fn:${prompt}` }),
        ],
      },
      '/tmp',
    );
    const outputs = await Promise.all(suite.providers.map((p) => p.provider.call('x', context)));
    expect(outputs.map((o) => o.output)).toEqual(['X', 'legacy:x', 'fn:x']);
    expect(suite.providers.map((p) => p.provider.id())).toEqual(['upper', 'legacy', 'custom-function']);
    expect(suite.providers[1]!.label).toBe('Legacy');
  });

  it('loads file:// custom providers relative to the config', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': 'prompts: [hi]\nproviders:\n  - id: file://provider.mjs\n    config: {suffix: "!"}\n',
      'provider.mjs':
        'export default class { constructor(o) { this.suffix = o.config.suffix; } id() { return "mine"; } async callApi(p) { return { output: p + this.suffix }; } }',
    });
    const suite = await loadSuite({ cwd: dir });
    expect((await suite.providers[0]!.provider.call('yo', context)).output).toBe('yo!');
  });
});
