// The config as a run records it: secrets redacted, text over the stored-text cap cut, and a
// config with nothing to cut handed back as it is (no copy of a large suite's config).

import { describe, expect, it } from 'vitest';
import { storedConfig } from '../../src/runner/stored-config.js';

describe('storedConfig', () => {
  it('returns a config with only short text as it is', () => {
    const config = { description: 'd', prompts: ['hi {{x}}'], tests: [{ vars: { x: 'é'.repeat(300) } }] };
    expect(storedConfig(config, 1_000)).toBe(config);
  });

  it('cuts a string that may be over the cap in UTF-8, and leaves the original untouched', () => {
    const long = 'x'.repeat(400); // 400 characters can be 1,200 bytes: over a 1,000-byte cap's third
    const config = { tests: [{ vars: { x: long } }], description: 'kept' };
    const stored = storedConfig(config, 1_000) as { tests: Array<{ vars: { x: string } }>; description: string };
    expect(stored.description).toBe('kept');
    expect(stored.tests[0]!.vars.x).toBe(long); // 400 bytes of ASCII: under the cap, kept whole
    const over = 'x'.repeat(2_000);
    const overConfig = { tests: [{ vars: { x: over } }] };
    const cut = storedConfig(overConfig, 1_000) as { tests: Array<{ vars: { x: string } }> };
    expect(cut.tests[0]!.vars.x.length).toBeLessThan(over.length);
    expect(overConfig.tests[0]!.vars.x).toBe(over);
  });

  it('redacts a provider credential whether or not anything is cut', () => {
    const config = { providers: [{ id: 'openai:chat:gpt-4o-mini', config: { apiKey: 'sk-secret-stored-config-1' } }] };
    expect(JSON.stringify(storedConfig(config, 1_000_000))).not.toContain('sk-secret-stored-config-1');
    expect(config.providers[0]!.config.apiKey).toBe('sk-secret-stored-config-1');
  });
});
