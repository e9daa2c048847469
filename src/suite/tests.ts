// Builds Suite.tests: expands test files and generators, checks shapes, loads `vars: file://`
// lists, expands file:// var globs, checks file targets and assertion types, merges defaultTest.

import { ConfigError } from '../errors.js';
import { globSync } from 'tinyglobby';
import { hasGlob, readDataFile, requireFile, resolveRefPath, stripFileScheme } from '../config/file-ref.js';
import type { Origin } from '../config/merge.js';
import type { Problems } from '../config/problems.js';
import { testCaseSchema } from '../config/schema.js';
import { checkShape, joinKeyPath } from '../config/schema-issues.js';
import { isTemplate } from '../template/environment.js';
import { findEnvTemplates, findUnsafeVarFiles, isTestGenerator } from './data-templates.js';
import { ASSERTION_TYPES } from '../assertions/registry.js';
import { suggestAssertionType, unsupportedAssertionMessage } from '../config/promptfoo-surface.js';
import { mergeDefaultTest } from './default-test.js';
import type { FileChecker } from './file-checks.js';
import { readTestFiles, type LoadedTest } from './test-files.js';
import type { AssertionSpec, TestCase, Vars } from './types.js';

type Raw = Record<string, unknown>;

export interface TestBuildContext {
  basePath: string;
  problems: Problems;
  defaultTest?: TestCase;
  checker: FileChecker;
  isKnownAssertionType?: (type: string) => boolean;
  /** Told the vars of every test written inline in the config (their values may be rendered as templates). */
  trustVars?: (vars: Vars) => void;
  /** Told every finished test (defaultTest merged), so the providers it names can be built at load. */
  noteTest?: (test: TestCase, location: { file?: string; keyPath: string }) => void;
}

/** Expands `tests:` entries (inline objects, file paths, globs, `{path, config}` generators). */
export async function expandTestEntries(
  entries: ReadonlyArray<{ item: unknown; origin: Origin }>,
  basePath: string,
  problems: Problems,
): Promise<LoadedTest[]> {
  const out: LoadedTest[] = [];
  for (const { item, origin } of entries) {
    try {
      if (typeof item === 'string') {
        // One by one: a spread passes every test of a 100,000-row file as an argument.
        for (const loaded of await readTestFiles(item, basePath)) out.push(loaded);
      } else if (
        item &&
        typeof item === 'object' &&
        typeof (item as Raw).path === 'string' &&
        !('vars' in item) &&
        !('assert' in item)
      ) {
        const gen = item as { path: string; config?: Raw };
        out.push(...(await readTestFiles(gen.path, basePath, gen.config)));
      } else {
        out.push({ test: item, origin, fromFile: false });
      }
    } catch (err) {
      problems.addThrown(err, { file: origin.file, keyPath: origin.keyPath });
    }
  }
  return out;
}

/** Turns loaded tests into final TestCases with defaultTest merged (vars not yet expanded). */
export function finalizeTests(loaded: readonly LoadedTest[], ctx: TestBuildContext): TestCase[] {
  const tests: TestCase[] = [];
  const globCache = new Map<string, string[]>();
  for (const { test, origin, fromFile, fromData } of loaded) {
    const location = { file: origin.file, keyPath: origin.keyPath };
    let value = test as TestCase;
    if (fromFile) {
      const checked = checkShape(testCaseSchema, test, { file: origin.file, prefixText: origin.keyPath });
      if (!checked.value) {
        checked.errors.forEach((e) => ctx.problems.add(e));
        continue;
      }
      value = checked.value as TestCase;
    }
    if (!fromData && value.vars && typeof value.vars === 'object' && !Array.isArray(value.vars))
      ctx.trustVars?.(value.vars);
    if (fromData && !isTestGenerator(origin.file)) {
      const unsafe = findUnsafeVarFiles(value, ctx.basePath, location);
      unsafe.forEach((e) => ctx.problems.add(e));
      if (unsafe.length) continue;
    }
    try {
      value = normaliseVars(value, ctx.basePath, globCache, location);
    } catch (err) {
      ctx.problems.addThrown(err, { file: origin.file, keyPath: joinKeyPath(origin.keyPath, 'vars') });
      continue;
    }
    const merged = mergeDefaultTest(ctx.defaultTest, value);
    const before = ctx.problems.errors.length;
    checkAssertionTypes(value.assert, location, ctx);
    for (const e of ctx.checker.checkTest(value, location)) {
      // A file one test's assertion needs only breaks that test: its rows error, the rest run.
      if (isAssertionPath(e.location.keyPath))
        ctx.problems.warn(new ConfigError(`${e.detail} Only this test's rows will be errors.`, e.location, e.code));
      else ctx.problems.add(e);
    }
    if (fromData) for (const e of findEnvTemplates(value, location)) ctx.problems.add(e);
    if (ctx.problems.errors.length !== before) continue;
    ctx.noteTest?.(merged, location);
    tests.push(merged);
  }
  return tests;
}

/** The strings of a vars mapping that could be rendered: top-level values and the items of list values. */
export function varTexts(vars: Vars): string[] {
  const out: string[] = [];
  for (const value of Object.values(vars)) {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') out.push(item);
  }
  return out;
}

function isAssertionPath(keyPath: string | undefined): boolean {
  return keyPath !== undefined && /(^|\.)assert\[/.test(keyPath);
}

/** Loads `vars: file://x.yaml` (or a list of such files) and expands file:// globs in var values. */
export function normaliseVars(
  test: TestCase,
  basePath: string,
  globCache: Map<string, string[]>,
  location: { file?: string; keyPath: string },
): TestCase {
  let vars = test.vars as unknown;
  if (typeof vars === 'string' || Array.isArray(vars)) {
    const merged: Vars = {};
    for (const ref of typeof vars === 'string' ? [vars] : (vars as string[])) {
      const absolute = resolveRefPath(ref, basePath);
      requireFile(absolute, { file: location.file, keyPath: joinKeyPath(location.keyPath, 'vars') }, 'Vars file');
      const data = readDataFile(absolute);
      if (!data || typeof data !== 'object' || Array.isArray(data))
        throw new ConfigError(`Vars file ${absolute} must hold a mapping of var names to values.`, {});
      Object.assign(merged, data);
    }
    vars = merged;
  }
  if (!vars || typeof vars !== 'object') return test;
  if (test.options?.disableVarExpansion) return vars === test.vars ? test : { ...test, vars: vars as Vars };
  let out: Vars | undefined;
  for (const name of Object.keys(vars as Vars)) {
    const value = (vars as Vars)[name];
    if (typeof value !== 'string' || !value.startsWith('file://') || isTemplate(value)) continue;
    const path = stripFileScheme(value);
    if (!hasGlob(path)) continue;
    let matches = globCache.get(path);
    if (!matches) {
      matches = expandGlobSync(path, basePath);
      globCache.set(path, matches);
    }
    if (matches.length === 0)
      throw new ConfigError(
        `No files found for variable "${name}": ${value} matches nothing in ${basePath}.`,
        { file: location.file, keyPath: joinKeyPath(location.keyPath, `vars.${name}`) },
        'FILE_NOT_FOUND',
      );
    out ??= { ...(vars as Vars) };
    out[name] = matches.map((m) => `file://${m}`);
  }
  const finalVars = out ?? (vars as Vars);
  return finalVars === test.vars ? test : { ...test, vars: finalVars };
}

function expandGlobSync(path: string, basePath: string): string[] {
  // The sync API keeps test building synchronous; globs in vars are rare and cached per pattern.
  return globSync(path, { cwd: basePath, absolute: true }).sort();
}

export function checkAssertionTypes(
  asserts: AssertionSpec[] | undefined,
  location: { file?: string; keyPath: string },
  ctx: TestBuildContext,
  prefix = 'assert',
): void {
  const known = ctx.isKnownAssertionType;
  if (!asserts) return;
  asserts.forEach((a, i) => {
    if (a.type === 'assert-set')
      return checkAssertionTypes((a as { assert?: AssertionSpec[] }).assert, location, ctx, `${prefix}[${i}].assert`);
    const base = a.type.startsWith('not-') ? a.type.slice(4) : a.type;
    if (known && !known(a.type) && !known(base)) {
      const unsupported = unsupportedAssertionMessage(a.type);
      if (unsupported)
        ctx.problems.warn(
          new ConfigError(
            unsupported,
            { file: location.file, keyPath: `${assertionKeyPath(location, prefix, i)}.type` },
            'ASSERTION_INVALID',
          ),
        );
      else
        ctx.problems.add(
          new ConfigError(
            unknownAssertionMessage(a.type),
            { file: location.file, keyPath: `${assertionKeyPath(location, prefix, i)}.type` },
            'ASSERTION_INVALID',
          ),
        );
    }
    if (base === 'regex')
      checkPattern(
        (a as { value?: unknown }).value,
        { file: location.file, keyPath: `${assertionKeyPath(location, prefix, i)}.value` },
        ctx.problems,
      );
  });
}

/** An assertion's key path, built only for a message: checkAssertionTypes runs for every assertion of every test. */
function assertionKeyPath(location: { keyPath: string }, prefix: string, i: number): string {
  return joinKeyPath(location.keyPath, `${prefix}[${i}]`);
}

function unknownAssertionMessage(type: string): string {
  const suggestion = suggestAssertionType(type, ASSERTION_TYPES);
  return suggestion
    ? `Unknown assertion type "${type}". Did you mean "${suggestion}"?`
    : `Unknown assertion type "${type}". Check the spelling (e.g. contains, equals, javascript, llm-rubric).`;
}

/** A fixed regex pattern that cannot compile fails at load; templated ones are checked per row. */
function checkPattern(value: unknown, location: { file?: string; keyPath: string }, problems: Problems): void {
  if (typeof value !== 'string' || isTemplate(value)) return;
  try {
    new RegExp(value);
  } catch (err) {
    problems.add(
      new ConfigError(
        `Invalid regex pattern "${value}": ${(err as Error).message}. Fix the pattern (backslashes in YAML double quotes need doubling).`,
        location,
        'ASSERTION_INVALID',
      ),
    );
  }
}
