import { describe, expect, it } from 'vitest';
import { ConfigErrors, type ConfigError } from '../../src/errors.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { fixture } from './fixture.js';

describe('misspelt keys', () => {
  it('reports a near-miss key with where it is and the key it probably meant, instead of ignoring it', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': [
        'prompts: [hi]',
        'providers: [echo]',
        'tests:',
        '  - var: {q: 1}',
        '    asert:',
        '      - type: equals',
        '        vaule: hi',
      ].join('\n'),
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigErrors;
    expect(err).toBeInstanceOf(ConfigErrors);
    const messages = err.errors.map((e: ConfigError) => e.message);
    expect(messages).toEqual([
      expect.stringMatching(/^promptfooconfig\.yaml:4:\d+ at tests\[0\]\.var: Unknown key "var"\. Did you mean "vars"\?/),
      expect.stringMatching(/^promptfooconfig\.yaml:\d+:\d+ at tests\[0\]\.asert: Unknown key "asert"\. Did you mean "assert"\?/),
    ]);
  });

  it('finds typos at the top level, in defaultTest assertions and provider entries', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': 'prompt: [hi]\nproviders:\n  - id: echo\n    lable: x\ndefaultTest:\n  assert:\n    - type: equals\n      vaule: hi\n',
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigErrors;
    expect(err.errors.map((e) => e.location.keyPath)).toEqual(['prompt', 'defaultTest.assert[0].vaule', 'providers[0].lable']);
  });

  it('leaves keys that are not close to a known one alone, as promptfoo does', async () => {
    const dir = fixture({ 'promptfooconfig.yaml': 'prompts: [hi]\nproviders: [echo]\nredteam: {}\nmyNotes: keep\ntests:\n  - vars: {q: 1}\n    owner: team-a\n' });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests).toHaveLength(1);
  });
});
