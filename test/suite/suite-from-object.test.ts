import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { renderPrompt } from '../../src/suite/render-prompt.js';
import { suiteFromObject } from '../../src/suite/suite-from-object.js';
import { withTemplateEngine, renderTemplate } from '../../src/template/environment.js';
import { fixture } from '../config/fixture.js';

const echo = { provider: { id: 'echo', label: 'E' } };

describe('suiteFromObject (library API)', () => {
  it('accepts function prompts, Prompt objects and inline text, with relative files against basePath', async () => {
    const dir = fixture({ 'p.txt': 'From file {{x}}' });
    function greet({ vars, provider }: { vars: Record<string, unknown>; provider?: { id: string; label?: string } }) {
      return `Hello ${String(vars.x)} from ${provider?.label}`;
    }
    const suite = await suiteFromObject(
      {
        prompts: [greet, { raw: 'Raw {{x}}', label: 'raw-one' }, 'Inline {{x}}', 'file://p.txt'],
        providers: ['echo'],
        tests: [{ vars: { x: 1 } }],
      },
      dir,
    );
    expect(suite.prompts.map((p) => p.label)).toEqual(['greet', 'raw-one', 'Inline {{x}}', 'p.txt: From file {{x}}']);
    expect(await renderPrompt(suite.prompts[0]!, { x: 'A' }, echo)).toBe('Hello A from E');
    expect(await renderPrompt(suite.prompts[1]!, { x: 'A' }, echo)).toBe('Raw A');
    expect(suite.basePath).toBe(dir);
  });

  it('rejects a bad shape with the key path', async () => {
    const err = (await suiteFromObject(
      { providers: ['echo'], tests: [{ threshold: 'x' as unknown as number }] },
      '/tmp',
    ).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.location.keyPath).toBe('tests[0].threshold');
  });
});

describe('nunjucksFilters', () => {
  it('loads filter files (default export) into the suite and the template environment', async () => {
    const dir = fixture({
      'promptfooconfig.yaml':
        'prompts: ["{{ name | shout }}"]\nproviders: [echo]\nnunjucksFilters:\n  shout: ./filters/shout.mjs\n',
      'filters/shout.mjs': 'export default (s) => String(s).toUpperCase() + "!";',
    });
    const suite = await loadSuite({ cwd: dir });
    expect(Object.keys(suite.filters)).toEqual(['shout']);
    await withTemplateEngine(suite.templates!, async () => {
      expect(await renderPrompt(suite.prompts[0]!, { name: 'ada' }, echo)).toBe('ADA!');
      expect(renderTemplate('{{ "x" | shout }}', {})).toBe('X!');
    });
    // The filter belongs to that suite's environment only.
    expect(() => renderTemplate('{{ "x" | shout }}', {})).toThrow(/filter not found/);
  });

  it('a missing filter file is reported with its key', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': 'prompts: [hi]\nproviders: [echo]\nnunjucksFilters:\n  nope: ./missing.js\n',
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err.code).toBe('FILE_NOT_FOUND');
    expect(err.location.keyPath).toBe('nunjucksFilters.nope');
    expect(err.message).toContain(`${dir}/missing.js`);
  });
});
