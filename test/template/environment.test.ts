import { describe, expect, it } from 'vitest';
import { renderDeep, renderTemplate, TemplateEngine, withTemplateEngine } from '../../src/template/environment.js';

describe('template environment', () => {
  it('renders vars without escaping and leaves undefined vars empty', () => {
    expect(renderTemplate('Say <b>{{ name }}</b> & {{ missing }}!', { name: 'Tom & "Jerry"' })).toBe(
      'Say <b>Tom & "Jerry"</b> & !',
    );
  });

  it('has dump, load, the env global and custom filters', () => {
    const engine = new TemplateEngine({
      env: { REGION: 'eu' },
      filters: { shout: (v: unknown) => String(v).toUpperCase() },
    });
    withTemplateEngine(engine, () => {
      expect(renderTemplate('{{ x | dump }}', { x: { a: 'b"c' } })).toBe('{"a":"b\\"c"}');
      expect(renderTemplate('{{ (s | load).k }}', { s: '{"k": 7}' })).toBe('7');
      expect(renderTemplate('{{ env.REGION }}-{{ w | shout }}', { w: 'hi' })).toBe('eu-HI');
    });
  });

  it('renders every string leaf of a structure', () => {
    expect(renderDeep({ a: ['{{ x }}', 2], b: { c: '{{ x }}!' } }, { x: 'y' })).toEqual({
      a: ['y', 2],
      b: { c: 'y!' },
    });
  });
});
