// Large suites load without per-test work that grows with the suite (timings live in bench/).

import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite.js';
import { fixture } from '../config/fixture.js';

describe('large suites', () => {
  it('loads a 10,000-row CSV with defaultTest merged into every row', async () => {
    const rows = ['question,answer,__expected'];
    for (let i = 0; i < 10_000; i++) rows.push(`"What is ${i} + 1?",${i + 1},contains: ${i + 1}`);
    const dir = fixture({
      'promptfooconfig.yaml':
        'prompts: ["Q: {{question}}"]\nproviders: [echo]\ndefaultTest:\n  assert: [{type: is-json}]\ntests: file://big.csv\n',
      'big.csv': rows.join('\n'),
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests).toHaveLength(10_000);
    expect(suite.tests[9_999]).toEqual({
      description: 'Row #10000',
      vars: { question: 'What is 9999 + 1?', answer: '10000' },
      assert: [{ type: 'is-json' }, { type: 'contains', value: '10000' }],
    });
  });

  it('loads 10,000 inline YAML tests', async () => {
    const tests = Array.from(
      { length: 10_000 },
      (_, i) => `  - vars: {n: ${i}}\n    assert: [{type: equals, value: "${i}"}]`,
    ).join('\n');
    const dir = fixture({ 'promptfooconfig.yaml': `prompts: ["{{n}}"]\nproviders: [echo]\ntests:\n${tests}\n` });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests).toHaveLength(10_000);
  });
});
