// Finds `file://` targets in a test that do not exist, so a typo fails at load time with the
// path looked for instead of half-way through a run. Existence is cached per path.

import { existsSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { hasGlob, resolveRefPath } from '../config/file-ref.js';
import { isTemplate } from '../template/environment.js';
import { parseFileReference } from '../scripting/load-module.js';
import type { AssertionSpec, TestCase } from './types.js';

export class FileChecker {
  private readonly known = new Map<string, boolean>();
  constructor(private readonly basePath: string) {}

  /** Absolute path of a missing target, or undefined when the value is not a checkable file:// ref. */
  missing(value: unknown): string | undefined {
    if (typeof value !== 'string' || !value.startsWith('file://') || isTemplate(value)) return undefined;
    const { path } = parseFileReference(value);
    if (hasGlob(path)) return undefined;
    const absolute = resolveRefPath(path, this.basePath);
    let exists = this.known.get(absolute);
    if (exists === undefined) {
      exists = existsSync(absolute);
      this.known.set(absolute, exists);
    }
    return exists ? undefined : absolute;
  }

  /** Every missing target in a test's vars, assertions and transforms. */
  checkTest(test: TestCase, location: { file?: string; keyPath: string }): ConfigError[] {
    const errors: ConfigError[] = [];
    // Runs once per test on suites of 10,000+: key paths are only built for a missing target.
    const report = (value: unknown, key: () => string, what: string) => {
      const absolute = this.missing(value);
      if (absolute)
        errors.push(
          new ConfigError(
            `${what} not found: ${absolute}. Check the path (relative paths resolve against ${this.basePath}).`,
            { file: location.file, keyPath: `${location.keyPath}.${key()}` },
            'FILE_NOT_FOUND',
          ),
        );
    };
    const vars = test.vars ?? {};
    for (const name in vars) {
      const value = vars[name];
      if (Array.isArray(value)) value.forEach((item, i) => report(item, () => `vars.${name}[${i}]`, 'Var file'));
      else report(value, () => `vars.${name}`, 'Var file');
    }
    report(test.options?.transform, () => 'options.transform', 'Transform file');
    const walk = (asserts: AssertionSpec[] | undefined, prefix: string) => {
      asserts?.forEach((a, i) => {
        if (a.type === 'assert-set') return walk((a as { assert?: AssertionSpec[] }).assert, `${prefix}[${i}].assert`);
        const value = (a as { value?: unknown }).value;
        if (Array.isArray(value))
          value.forEach((v, j) => report(v, () => `${prefix}[${i}].value[${j}]`, 'Assertion file'));
        else report(value, () => `${prefix}[${i}].value`, 'Assertion file');
        report((a as { transform?: unknown }).transform, () => `${prefix}[${i}].transform`, 'Transform file');
      });
    };
    walk(test.assert, 'assert');
    return errors;
  }
}
