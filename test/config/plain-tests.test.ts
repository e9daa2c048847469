// Plainly valid inline tests skip the schema's copy; the checked config and every error must be
// what the schema alone gives.

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { isPlainTest, setPlainTestsAside } from '../../src/config/plain-tests.js';
import { configSchema } from '../../src/config/schema.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { fixture } from './fixture.js';

const plain = { vars: { q: 'one' }, assert: [{ type: 'contains', value: 'one' }], description: 'first' };

describe('plain inline tests', () => {
  it('are only tests the schema passes through unchanged', () => {
    expect(isPlainTest(plain)).toBe(true);
    expect(isPlainTest({ vars: { q: ['a', 'b'] }, threshold: 0.5, metadata: { owner: 'x' } })).toBe(true);
    expect(isPlainTest({ ...plain, description: 7 })).toBe(false); // the schema turns it into text
    expect(isPlainTest({ ...plain, options: { prefix: 'x' } })).toBe(false);
    expect(isPlainTest({ ...plain, vars: 'file://vars.yaml' })).toBe(false);
    expect(isPlainTest({ ...plain, assert: [{ type: 'contains', provider: 'echo' }] })).toBe(false);
    expect(isPlainTest({ ...plain, assert: [{ value: 'no type' }] })).toBe(false);
    expect(isPlainTest({ ...plain, threshold: undefined })).toBe(false);
    expect(isPlainTest('file://tests.yaml')).toBe(false);
  });

  it('the config checked with them set aside equals the config the schema checks whole', () => {
    const config = {
      prompts: ['Q: {{q}}'],
      providers: ['echo'],
      tests: [
        plain,
        { description: 3, vars: { q: 'two' } },
        'file://more.yaml',
        { ...plain, options: { suffix: '!' } },
      ],
    };
    const whole = configSchema.parse(config);
    const aside = setPlainTestsAside(config);
    expect(aside.forSchema.tests).toEqual(['', config.tests[1], 'file://more.yaml', config.tests[3]]);
    const restored = aside.restore(configSchema.parse(aside.forSchema) as Record<string, unknown>);
    expect(restored).toEqual(whole);
    expect((restored.tests as unknown[])[0]).toBe(plain);
  });

  it('a bad test among plain ones is reported at its own index and line', async () => {
    const tests = Array.from(
      { length: 3 },
      (_, i) => `  - vars: { q: "${i}" }\n    assert:\n      - type: contains\n        value: "${i}"\n`,
    );
    tests.push('  - vars: { q: x }\n    assert:\n      - type: 5\n');
    const dir = fixture({ 'promptfooconfig.yaml': `prompts: [hi]\nproviders: [echo]\ntests:\n${tests.join('')}` });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.location).toMatchObject({ file: 'promptfooconfig.yaml', keyPath: 'tests[3].assert[0].type', line: 18 });
  });
});
