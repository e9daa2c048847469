// Plain `{{ name }}` templates are filled in without nunjucks: the text must be exactly what
// nunjucks renders, and anything that is not plain must be left to nunjucks.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { TemplateEngine } from '../../src/template/engine.js';
import { isSimpleTemplate, renderSimpleTemplate } from '../../src/template/simple-template.js';

const nunjucks = createRequire(import.meta.url)('nunjucks') as typeof import('nunjucks');
const reference = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
const nunjucksRender = (source: string, vars: Record<string, unknown>) =>
  new nunjucks.Template(source, reference, undefined, true).render(vars);

const cases: Array<[string, Record<string, unknown>]> = [
  ['Answer: {{question}}', { question: 'What is a <lakehouse> & "why"?' }],
  ['{{ a }}{{b}} {{  c  }}', { a: 'x', b: 2, c: true }],
  ['{{ n }} / {{ f }} / {{ big }}', { n: -0.5, f: false, big: 1e21 }],
  ['[{{ gone }}] [{{ nothing }}]', { gone: undefined, nothing: null }],
  ['line one\n{{\n  q\n}}\r\nend }} {', { q: 'ünïcödé ✓' }],
  ['a}}b {{ x }} {x} {', { x: 'y' }],
];

describe('plain templates', () => {
  it.each(cases)('render %j as nunjucks does', (source, vars) => {
    expect(isSimpleTemplate(source)).toBe(true);
    expect(renderSimpleTemplate(source, vars)).toBe(nunjucksRender(source, vars));
    expect(new TemplateEngine().render(source, vars)).toBe(nunjucksRender(source, vars));
  });

  it.each([
    '{{ x | upper }}',
    '{{ x.y }}',
    '{{ x[0] }}',
    '{% if x %}y{% endif %}',
    '{# note #}{{ x }}',
    '{{- x -}}',
    '{{{ x }}}',
    '{{ true }}',
    '{{ none }}',
    '{{ __proto__ }}',
    '{{ constructor }}',
  ])('leave %j to nunjucks', (source) => {
    expect(isSimpleTemplate(source)).toBe(false);
    expect(renderSimpleTemplate(source, { x: 'v' })).toBeUndefined();
  });

  it('leaves missing names, globals and non-primitive values to nunjucks, with the same result', () => {
    const engine = new TemplateEngine({ env: { REGION: 'eu' } });
    for (const [source, vars, rendered] of [
      ['{{ missing }}!', {}, '!'],
      // The sandbox hides Object.prototype's members (plain nunjucks would print the function).
      ['{{ toString }}', {}, ''],
      ['{{ list }}', { list: [1, 2] }, '1,2'],
      ['{{ obj }}', { obj: { a: 1 } }, '[object Object]'],
    ] as Array<[string, Record<string, unknown>, string]>) {
      expect(renderSimpleTemplate(source, vars)).toBeUndefined();
      expect(engine.render(source, vars)).toBe(rendered);
    }
    expect(renderSimpleTemplate('{{ env }}', {})).toBeUndefined();
  });

  it('leaves a very long result to nunjucks and its output budget', () => {
    const source = `${'{{ x }}'.repeat(20)}`;
    const vars = { x: 'y'.repeat(100_000) };
    expect(renderSimpleTemplate(source, vars)).toBeUndefined();
    expect(new TemplateEngine().render(source, vars)).toHaveLength(2_000_000);
  });
});
