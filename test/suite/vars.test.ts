import { describe, expect, it } from 'vitest';
import { AssayError } from '../../src/errors.js';
import { renderPrompt } from '../../src/suite/render-prompt.js';
import { countVarCombinations, expandVarCombinations, loadVarFiles } from '../../src/suite/vars.js';
import { fixture } from '../config/fixture.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('expandVarCombinations', () => {
  it('counts its rows without making them', () => {
    const cases = [
      {},
      { n: 3 },
      { lang: ['en', 'fr'], topic: ['cats', 'dogs', 'birds'], n: 3 },
      { one: ['only'], empty: [], numbers: [1, 2], nested: [['a', 'b']], text: 'x' },
      { list: ['a', 2, 'c'] },
    ];
    for (const vars of cases) expect(countVarCombinations(vars)).toBe(expandVarCombinations(vars).length);
  });

  it('without lists to expand, gives one copy of the vars in their key order', () => {
    const vars = { b: 'x', 2: 'two', a: [1, 2], n: { deep: ['s'] }, empty: [] };
    const rows = expandVarCombinations(vars);
    expect(rows).toEqual([vars]);
    expect(rows[0]).not.toBe(vars);
    expect(Object.keys(rows[0]!)).toEqual(Object.keys(vars));
    // A one-item list of strings is still a list to expand: its item becomes the value.
    expect(expandVarCombinations({ q: 'x', one: ['only'] })).toEqual([{ q: 'x', one: 'only' }]);
  });

  it('expands lists of strings into the cartesian product, first var slowest', () => {
    expect(expandVarCombinations({ lang: ['en', 'fr'], topic: ['cats', 'dogs'], n: 3 })).toEqual([
      { lang: 'en', topic: 'cats', n: 3 },
      { lang: 'en', topic: 'dogs', n: 3 },
      { lang: 'fr', topic: 'cats', n: 3 },
      { lang: 'fr', topic: 'dogs', n: 3 },
    ]);
  });

  it('keeps lists of objects or numbers, objects and empty lists as single values', () => {
    const vars = { msgs: [{ role: 'user' }], nums: [1, 2], obj: { a: ['x', 'y'] }, empty: [] };
    expect(expandVarCombinations(vars)).toEqual([vars]);
    expect(expandVarCombinations({})).toEqual([{}]);
  });
});

describe('loadVarFiles', () => {
  it('loads text, parsed JSON/YAML, script results and images as data URLs', async () => {
    const dir = fixture({
      'doc.txt': '  some text \n',
      'notes.md': '# Notes',
      'data.json': '{"name": "Ada", "tags": ["x"]}',
      'data.yaml': 'name: Bo\n',
      'gen.mjs': 'export default (varName, prompt, vars) => ({ output: `${varName}:${vars.plain}` });',
      'pic.png': PNG,
    });
    const vars = await loadVarFiles(
      {
        plain: 'p',
        doc: 'file://doc.txt',
        notes: 'file://notes.md',
        data: 'file://data.json',
        yaml: 'file://data.yaml',
        gen: 'file://gen.mjs',
        img: 'file://pic.png',
        tpl: 'file://{{ x }}.txt',
      },
      dir,
    );
    expect(vars.doc).toBe('some text');
    expect(vars.notes).toBe('# Notes');
    expect(vars.data).toEqual({ name: 'Ada', tags: ['x'] });
    expect(vars.yaml).toEqual({ name: 'Bo' });
    expect(vars.gen).toBe('gen:p');
    expect(vars.img).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    expect(vars.tpl).toBe('file://{{ x }}.txt');
    // Parsed data still prints as JSON when a template uses it whole.
    const rendered = await renderPrompt({ id: 'i', raw: '{{ data.name }} {{ data }}', label: 'l' }, vars, {
      provider: { id: 'echo' },
    });
    expect(rendered).toBe('Ada {"name":"Ada","tags":["x"]}');
  });

  it('a missing file is FILE_NOT_FOUND naming the absolute path', async () => {
    const dir = fixture({});
    const err = (await loadVarFiles({ doc: 'file://nope/missing.txt' }, dir).catch((e: unknown) => e)) as AssayError;
    expect(err).toBeInstanceOf(AssayError);
    expect(err.code).toBe('FILE_NOT_FOUND');
    expect(err.message).toContain(`${dir}/nope/missing.txt`);
  });

  it('leaves vars without file references untouched', async () => {
    const vars = { a: 'x', b: ['y', 'z'] };
    expect(await loadVarFiles(vars, '/')).toBe(vars);
  });
});
