import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite.js';
import { validateConfig } from '../../src/suite/validate-suite.js';
import { fixture } from './fixture.js';

describe('misspelt keys', () => {
  it('warns about a near-miss key with where it is and the key it probably meant, and still loads (promptfoo runs such configs)', async () => {
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
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests).toHaveLength(1);
    expect(suite.warnings).toEqual([
      expect.stringMatching(
        /^promptfooconfig\.yaml:4:\d+ at tests\[0\]\.var: Unknown key "var"\. Did you mean "vars"\?/,
      ),
      expect.stringMatching(
        /^promptfooconfig\.yaml:\d+:\d+ at tests\[0\]\.asert: Unknown key "asert"\. Did you mean "assert"\?/,
      ),
    ]);
  });

  it('assay validate reports typos at the top level, in defaultTest assertions and provider entries as problems', async () => {
    const dir = fixture({
      'promptfooconfig.yaml':
        'prompt: [hi]\nproviders:\n  - id: echo\n    lable: x\ndefaultTest:\n  assert:\n    - type: equals\n      vaule: hi\n',
    });
    const problems = await validateConfig({ cwd: dir });
    expect(problems.map((e) => e.location.keyPath)).toEqual([
      'prompt',
      'defaultTest.assert[0].vaule',
      'providers[0].lable',
    ]);
  });

  it('leaves keys that are not close to a known one alone, as promptfoo does', async () => {
    const dir = fixture({
      'promptfooconfig.yaml':
        'prompts: [hi]\nproviders: [echo]\nredteam: {}\nmyNotes: keep\ntests:\n  - vars: {q: 1}\n    owner: team-a\n',
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests).toHaveLength(1);
  });
});
