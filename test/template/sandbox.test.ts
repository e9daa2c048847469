// The sandbox every template renders in: no template, whoever wrote it, reaches JavaScript
// internals (constructor, __proto__, prototype, Function) or makes the process allocate or loop
// without bound. Each payload below would run code or exhaust memory in plain nunjucks.

import { describe, expect, it } from 'vitest';
import { TemplateEngine } from '../../src/template/environment.js';
import { MAX_RANGE_ITEMS } from '../../src/template/sandbox.js';

const RCE = 'return process.getBuiltinModule("child_process").execSync("echo pwned").toString()';
const engine = () => new TemplateEngine({ env: { SECRET: 's3cret' } });

describe('templates cannot reach JavaScript internals', () => {
  const escapes: Record<string, string> = {
    'constructor chain': `{{ ("x").constructor.constructor('${RCE}')() }}`,
    'bracket lookup': `{{ ("x")["constructor"]["constructor"]('${RCE}')() }}`,
    'computed name': `{{ ("x")["constr" + "uctor"]["constr" + "uctor"]('${RCE}')() }}`,
    __proto__: `{{ ("x").__proto__.constructor.constructor('${RCE}')() }}`,
    prototype: `{{ range.prototype }}`,
    'global function': `{{ range.constructor('${RCE}')() }}`,
    joiner: `{{ joiner().constructor('${RCE}')() }}`,
    cycler: `{{ cycler(1, 2).next.constructor('${RCE}')() }}`,
    'cycler object': `{{ cycler(1).constructor.getPrototypeOf(cycler(1)) }}`,
    'array literal': `{{ [].constructor.constructor('${RCE}')() }}`,
    'object literal': `{{ ({}).constructor.getOwnPropertyDescriptor }}`,
    'number literal': `{{ (1).constructor.constructor('${RCE}')() }}`,
    'env global': `{{ env.constructor.constructor('${RCE}')() }}`,
    'set variable': `{% set f = joiner %}{{ f.constructor('${RCE}')() }}`,
    macro: `{% macro m() %}x{% endmacro %}{{ m.constructor('${RCE}')() }}`,
    caller: `{% macro m() %}{{ caller.constructor('${RCE}')() }}{% endmacro %}{% call m() %}x{% endcall %}`,
    'method returned by a lookup': `{{ "x".toString.constructor('${RCE}')() }}`,
    bind: `{{ "x".toString.bind.constructor('${RCE}')() }}`,
    'top-level constructor name': `{{ constructor.constructor('${RCE}')() }}`,
    'Object.prototype method on the context': `{{ valueOf().env }}`,
    'hasOwnProperty on the context': `{{ hasOwnProperty.constructor }}`,
    'filter returning a function': `{{ ([joiner] | first).constructor('${RCE}')() }}`,
    'attr filter': `{{ "x" | attr("constructor") }}`,
    'loop over a function list': `{% for f in [joiner] %}{{ f.constructor('${RCE}')() }}{% endfor %}`,
    lookupGetter: `{{ "x".__lookupGetter__("length") }}`,
  };
  for (const [name, template] of Object.entries(escapes)) {
    it(`blocks ${name}`, () => {
      let out = '';
      try {
        out = engine().render(template, {});
      } catch (err) {
        // Refused with an error (the cell fails and nothing runs); not some unrelated failure.
        expect(String(err)).toMatch(/may not|filter not found|Unable to call/);
        return;
      }
      expect(out).not.toMatch(/pwned|function|\[object|s3cret/);
    });
  }

  it('blocks the same payloads through a var object a library user passed', () => {
    const vars = { obj: { fn: () => 1, nested: { a: 1 } } };
    expect(() => engine().render(`{{ obj.fn.constructor('${RCE}')() }}`, vars)).toThrow(/constructor/);
    expect(() => engine().render('{{ obj.nested.__proto__ }}', vars)).toThrow(/__proto__/);
  });

  it('cannot read files with include, import or extends', () => {
    for (const template of [
      '{% include "/etc/passwd" %}',
      '{% import "/etc/passwd" as x %}',
      '{% extends "/etc/passwd" %}',
    ]) {
      expect(() => engine().render(template, {})).toThrow();
    }
  });

  it('still renders ordinary templates: methods, loops, filters, macros, env', () => {
    const out = engine().render(
      '{{ name.toUpperCase() }} {{ items.join("+") }} {% for i in range(3) %}{{ i }}{% endfor %} {{ items | length }} ' +
        '{% macro hi(n) %}hi {{ n }}{% endmacro %}{{ hi("bo") }} {{ env.SECRET | length }} {{ text.split(",")[1] }} {{ obj | dump }}',
      { name: 'ada', items: ['a', 'b'], text: 'x,y', obj: { k: 1 } },
    );
    expect(out).toBe('ADA a+b 012 2 hi bo 6 y {"k":1}');
  });
});

describe('templates are bounded', () => {
  it('range is capped before it allocates', () => {
    expect(() => engine().render('{{ (range(30000000)) | length }}', {})).toThrow(/range\(\) is capped/);
    expect(() => engine().render('{{ range(0, 1000000000, 1) | length }}', {})).toThrow(/capped/);
    expect(engine().render(`{{ range(${MAX_RANGE_ITEMS}) | length }}`, {})).toBe(String(MAX_RANGE_ITEMS));
  });

  it('nested loops stop at the iteration budget', () => {
    expect(() =>
      engine().render('{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}', {}),
    ).toThrow(/loop iterations/);
  });

  it('exponential macro recursion stops at the call budget', () => {
    expect(() =>
      engine().render(
        '{% macro m(n) %}{% if n > 0 %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(40) }}',
        {},
      ),
    ).toThrow(/calls/);
  });

  it('string growth through methods and filters is refused before allocating', () => {
    const cases = [
      '{{ "x".repeat(500000000) }}',
      '{{ "x".padStart(300000000) }}',
      '{{ "xxxxxxxxxx" | replace("x", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") | replace("x", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") | replace("x", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") | replace("x", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") | replace("x", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") }}',
      '{{ "x" | indent(900000000) }}',
      '{{ "x" | center(900000000) }}',
      '{% set s = "xxxxxxxxxxxxxxxx" %}{% for i in range(28) %}{% set s = s ~ s %}{% endfor %}{{ s }}',
      '{% set s = "xxxxxxxxxxxxxxxx" %}{% for i in range(28) %}{% set s = s ~ s %}{% endfor %}{{ s | upper | length }}',
    ];
    for (const template of cases) expect(() => engine().render(template, {}), template).toThrow();
  });

  it('string work is bounded: a long string built with ~ or scanned in a loop stops the render instead of blocking the process', () => {
    const doubled = (times: number) =>
      `{% set a = "xxxxxxxxxx" %}{% for i in range(${times}) %}{% set a = a ~ a %}{% endfor %}`;
    const cases: Record<string, [string, RegExp]> = {
      // Never output or passed to a filter, yet 167 M characters scanned 200 times.
      'doubled then scanned': [
        `${doubled(24)}{% for i in range(200) %}{{ a.indexOf("y") }}{% endfor %}`,
        /more than \d+ characters/,
      ],
      // 10 M characters (under every size limit) scanned 100,000 times.
      'scanned in nested loops': [
        `${doubled(20)}{% for i in range(100) %}{% for j in range(1000) %}{{ a.indexOf("y") }}{% endfor %}{% endfor %}`,
        /string work/,
      ],
      // Operators run outside the runtime, but each iteration reads the name again.
      'compared in nested loops': [
        `${doubled(20)}{% for i in range(100) %}{% for j in range(1000) %}{% if (a ~ 1) == (a ~ 2) %}{% endif %}{% endfor %}{% endfor %}`,
        /string work/,
      ],
      'doubled through macro arguments': [
        '{% macro d(s, n) %}{% if n > 0 %}{{ d(s ~ s, n - 1) }}{% else %}{{ s | length }}{% endif %}{% endmacro %}{{ d("xxxxxxxxxx", 30) }}',
        /more than \d+ characters/,
      ],
    };
    for (const [name, [template, reason]] of Object.entries(cases))
      expect(() => engine().render(template, {}), name).toThrow(reason);
    // A large document used the ordinary way is fine.
    const doc = 'word '.repeat(1_000_000);
    expect(
      engine().render(
        '{{ doc.split(" ") | length }} {{ doc | upper | length }} {% for i in range(50) %}{{ doc.length }}{% endfor %}',
        { doc },
      ),
    ).toMatch(/^1000001 5000000 5000000/);
  });

  it('a large var inserted once is not limited', () => {
    const big = 'y'.repeat(20_000_000);
    expect(engine().render('{{ big }}', { big }).length).toBe(big.length);
  });
});
