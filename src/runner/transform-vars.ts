// `options.transformVars` (test or defaultTest): user code `(vars, context) → object` run once per
// test before its vars are expanded into rows; the returned object is merged over the vars, as
// promptfoo does. A throw or a non-object result stops the run with one clear error.

import { randomUUID } from 'node:crypto';
import { loadScript } from '../assertions/script/script-cache.js';
import { AssayError, errorMessage } from '../errors.js';
import type { TestCase, Vars } from '../suite/types.js';

export async function transformTestVars(tests: TestCase[], basePath: string): Promise<TestCase[]> {
  if (!tests.some((test) => test.options?.transformVars !== undefined)) return tests;
  const out: TestCase[] = [];
  for (const [index, test] of tests.entries()) {
    const source = test.options?.transformVars;
    if (source === undefined) {
      out.push(test);
      continue;
    }
    const where = `transformVars of test ${index + 1}${test.description ? ` ("${test.description}")` : ''}`;
    const fn = await loadScript(source, { basePath, what: where, style: 'transform', inputName: 'vars' });
    let result: unknown;
    try {
      result = await fn({ ...test.vars }, { prompt: {}, uuid: randomUUID() });
    } catch (err) {
      throw new AssayError('CONFIG_INVALID', `${where} failed: ${errorMessage(err)}`, { cause: err });
    }
    if (!result || typeof result !== 'object' || Array.isArray(result)) {
      throw new AssayError(
        'CONFIG_INVALID',
        `${where} must return an object of vars to merge, got ${result === null ? 'null' : Array.isArray(result) ? 'a list' : typeof result}`,
      );
    }
    out.push({ ...test, vars: { ...test.vars, ...(result as Vars) } });
  }
  return out;
}
