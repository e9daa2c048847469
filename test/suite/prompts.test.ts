import { TemplateEngine, withTemplateEngine } from '../../src/template/environment.js';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { renderPrompt } from '../../src/suite/render-prompt.js';
import { fixture } from '../config/fixture.js';

const echo = { provider: { id: 'echo' } };

async function promptsOf(yamlPrompts: string, files: Record<string, string> = {}) {
  const dir = fixture({ 'promptfooconfig.yaml': `${yamlPrompts}\nproviders: [echo]\n`, ...files });
  return (await loadSuite({ cwd: dir })).prompts;
}

describe('prompts', () => {
  it('keeps inline prompts as templates labelled by their text, with stable ids', async () => {
    const a = await promptsOf("prompts:\n  - 'Tell me about {{topic}}'\n  - 'Other'");
    const b = await promptsOf("prompts:\n  - 'Tell me about {{topic}}'");
    expect(a.map((p) => [p.raw, p.label])).toEqual([
      ['Tell me about {{topic}}', 'Tell me about {{topic}}'],
      ['Other', 'Other'],
    ]);
    expect(a[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(a[0]!.id).toBe(b[0]!.id);
    expect(a[0]!.id).not.toBe(a[1]!.id);
  });

  it('splits a .txt file on lines that are exactly ---', async () => {
    const prompts = await promptsOf('prompts: [file://prompts.txt]', {
      'prompts.txt': 'First {{x}}\n---\nSecond {{x}}\n--- not a separator\n',
    });
    expect(prompts.map((p) => p.raw)).toEqual(['First {{x}}', 'Second {{x}}\n--- not a separator']);
    expect(prompts[0]!.label).toBe('prompts.txt: First {{x}}');
  });

  it('reads .md whole, honours labels in object form and the legacy map form', async () => {
    const prompts = await promptsOf(
      "prompts:\n  - id: file://p.md\n    label: Markdown\n  - raw: 'Inline {{x}}'\n    label: inline",
      { 'p.md': '# Title\n\n---\n\nBody {{x}}' },
    );
    expect(prompts.map((p) => [p.label, p.raw])).toEqual([
      ['Markdown', '# Title\n\n---\n\nBody {{x}}'],
      ['inline', 'Inline {{x}}'],
    ]);
    const legacy = await promptsOf("prompts:\n  'file://a.txt': Alpha", { 'a.txt': 'A {{x}}' });
    expect(legacy.map((p) => [p.label, p.raw])).toEqual([['Alpha', 'A {{x}}']]);
  });

  it('stores a JSON chat prompt as JSON text and keeps it valid JSON when a var holds quotes', async () => {
    const chat = JSON.stringify(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: '{{question}}' },
            { type: 'image_url', image_url: { url: '{{image_url}}' } },
          ],
        },
      ],
      null,
      2,
    );
    const [prompt] = await promptsOf('prompts: [file://vision-prompt.json]', { 'vision-prompt.json': chat });
    const rendered = await renderPrompt(
      prompt!,
      { question: 'What is "this"?\nA {cat}?', image_url: 'https://x/y.jpg' },
      echo,
    );
    const messages = JSON.parse(rendered) as Array<{ content: Array<{ text?: string; image_url?: { url: string } }> }>;
    expect(messages[0]!.content[0]!.text).toBe('What is "this"?\nA {cat}?');
    expect(messages[0]!.content[1]!.image_url!.url).toBe('https://x/y.jpg');
  });

  it('turns a YAML message file and inline YAML messages (with content parts) into JSON chat prompts', async () => {
    const prompts = await promptsOf(
      [
        'prompts:',
        '  - file://chat.yaml',
        '  - role: user',
        '    content:',
        '      - type: text',
        "        text: 'What do you see in this image?'",
        '      - type: image_url',
        '        image_url:',
        "          url: 'https://example.com/image.jpg'",
      ].join('\n'),
      { 'chat.yaml': "- role: system\n  content: Be brief\n- role: user\n  content: 'Say {{word}}'\n" },
    );
    expect(prompts).toHaveLength(2);
    expect(JSON.parse(prompts[0]!.raw)).toEqual([
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'Say {{word}}' },
    ]);
    expect(JSON.parse(await renderPrompt(prompts[0]!, { word: 'a "quoted" word' }, echo))[1].content).toBe(
      'Say a "quoted" word',
    );
    expect(JSON.parse(prompts[1]!.raw)).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What do you see in this image?' },
          { type: 'image_url', image_url: { url: 'https://example.com/image.jpg' } },
        ],
      },
    ]);
  });

  it('loads a .ts prompt function (default or named export) and calls it with vars and provider', async () => {
    const prompts = await promptsOf('prompts:\n  - file://prompt.ts\n  - file://prompt.ts:asChat', {
      'prompt.ts': [
        'interface Ctx { vars: Record<string, unknown>; provider?: { id: string } }',
        'export default function (ctx: Ctx): string { return `Hi ${String(ctx.vars.name)} via ${ctx.provider?.id}`; }',
        "export function asChat(ctx: Ctx) { return [{ role: 'user', content: `Hello ${String(ctx.vars.name)}` }]; }",
      ].join('\n'),
    });
    expect(prompts.map((p) => p.label)).toEqual(['prompt.ts', 'prompt.ts:asChat']);
    expect(await renderPrompt(prompts[0]!, { name: 'Ada' }, { provider: { id: 'echo' } })).toBe('Hi Ada via echo');
    expect(JSON.parse(await renderPrompt(prompts[1]!, { name: 'Ada' }, echo))).toEqual([
      { role: 'user', content: 'Hello Ada' },
    ]);
  });

  it('expands globs in file order; a glob matching nothing is literal text without file://', async () => {
    const prompts = await promptsOf("prompts:\n  - file://p/*.txt\n  - 'a*b'", { 'p/b.txt': 'B', 'p/a.txt': 'A' });
    expect(prompts.map((p) => p.raw)).toEqual(['A', 'B', 'a*b']);
  });

  it('fails on a missing prompt file naming the absolute path and the key', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': 'prompts:\n  - hi\n  - file://prompts/missing.txt\nproviders: [echo]\n',
    });
    const err = (await loadSuite({ cwd: dir }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.code).toBe('FILE_NOT_FOUND');
    expect(err.message).toContain(`${dir}/prompts/missing.txt`);
    expect(err.location).toMatchObject({ file: 'promptfooconfig.yaml', keyPath: 'prompts[1]' });
  });
});

describe('renderPrompt', () => {
  it('renders text prompts, strips one trailing newline from vars and renders vars that are templates', async () => {
    const prompt = { id: 'x', raw: 'Q: {{ question }}|{{ full }}', label: 'x' };
    const engine = new TemplateEngine();
    engine.trustVarTemplates(['Dear {{ name }}']);
    const vars = { question: 'why?\n', name: 'Bo', full: 'Dear {{ name }}' };
    expect(await withTemplateEngine(engine, () => renderPrompt(prompt, vars, echo))).toBe('Q: why?|Dear Bo');
    // A var value the config did not author (read from a data file) is data, not a template.
    expect(await renderPrompt(prompt, vars, echo)).toBe('Q: why?|Dear {{ name }}');
  });

  it('renders a template with an unclosed tag literally instead of failing', async () => {
    const prompt = { id: 'x', raw: 'Use {{ like this and {{ name }}', label: 'x' };
    expect(await renderPrompt(prompt, { name: 'n' }, echo)).toBe('Use {{ like this and {{ name }}');
  });
});
