import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/suite/validate-suite.js';
import { fixture } from '../config/fixture.js';

const known = new Set(['contains', 'equals', 'is-json', 'javascript', 'llm-rubric']);

describe('validateConfig', () => {
  it('reports every problem: schema, unknown provider, unknown assertion type, missing files', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': [
        'prompts:',
        '  - file://missing-prompt.txt',
        'providers:',
        '  - echo',
        '  - nosuch:model',
        'defaultTest:',
        '  assert: [{type: is-jsonn}]',
        'tests:',
        '  - vars: {doc: file://missing.md}',
        '    assert:',
        '      - type: not-contains',
        '        value: x',
        '      - type: containz',
        '        value: y',
        '  - threshold: high',
        'evaluateOptions: {repeat: 0}',
      ].join('\n'),
    });
    const errors = await validateConfig({ cwd: dir, isKnownAssertionType: (t) => known.has(t) });
    const byPath = Object.fromEntries(errors.map((e) => [e.location.keyPath, e.code]));
    expect(byPath).toEqual({
      'tests[1].threshold': 'CONFIG_INVALID',
      'evaluateOptions.repeat': 'CONFIG_INVALID',
      'prompts[0]': 'FILE_NOT_FOUND',
      'providers[1]': 'PROVIDER_UNKNOWN',
      'defaultTest.assert[0].type': 'ASSERTION_INVALID',
      'tests[0].assert[1].type': 'ASSERTION_INVALID',
      'tests[0].vars.doc': 'FILE_NOT_FOUND',
    });
    expect(errors.every((e) => e.location.file === 'promptfooconfig.yaml')).toBe(true);
  });

  it('reports a wrong-type value once, though building on it fails again there, and still reports problems elsewhere', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': 'prompts: 5\nproviders: [echo, nosuch:model]\ntests:\n  - vars: {a: 1}\n',
    });
    const errors = await validateConfig({ cwd: dir, isKnownAssertionType: (t) => known.has(t) });
    expect(errors.map((e) => [e.location.keyPath, e.code])).toEqual([
      ['prompts', 'CONFIG_INVALID'],
      ['providers[1]', 'PROVIDER_UNKNOWN'],
    ]);
    expect(errors[0]!.message).toMatch(/expected string or array or record, got number 5/);
  });

  it('returns no errors for a good config', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': 'prompts: [hi]\nproviders: [echo]\ntests:\n  - assert: [{type: contains, value: hi}]\n',
    });
    expect(await validateConfig({ cwd: dir, isKnownAssertionType: (t) => known.has(t) })).toEqual([]);
  });

  it('reports a YAML syntax error', async () => {
    const dir = fixture({ 'promptfooconfig.yaml': 'prompts: [hi\n' });
    const errors = await validateConfig({ cwd: dir });
    expect(errors.map((e) => e.code)).toEqual(['CONFIG_YAML_SYNTAX']);
  });
});
