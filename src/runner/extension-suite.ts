// The `suite` a beforeAll/afterAll hook sees (promptfoo's TestSuite fields, as copies it may
// mutate) and how a beforeAll hook's changes are taken back: tests added or edited, prompts
// replaced, and defaultTest vars/assertions added (applied to every test, as promptfoo merges
// defaultTest after the hook).

import { mergeDefaultTest } from '../suite/default-test.js';
import { promptId } from '../suite/prompts.js';
import type { Prompt, Suite, TestCase } from '../suite/types.js';

export interface HookSuite {
  description?: string;
  prompts: Array<Prompt | string>;
  providers: Array<{ id: string; label?: string; config?: unknown }>;
  tests: TestCase[];
  defaultTest: TestCase;
  derivedMetrics?: unknown;
  nunjucksFilters: Record<string, unknown>;
  env: Record<string, string>;
}

export interface HookSuiteView {
  hookSuite: HookSuite;
  /** The copies handed out, mapped back to their position in suite.tests. */
  originals: Map<TestCase, number>;
  /** The defaultTest before the hook ran (a copy). */
  defaultBefore: TestCase;
}

function copy<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

export function suiteForHooks(suite: Suite): HookSuiteView {
  const tests = suite.tests.map((test) => copy(test));
  const defaultTest = copy(suite.defaultTest ?? {});
  const hookSuite: HookSuite = {
    ...(suite.description ? { description: suite.description } : {}),
    prompts: suite.prompts.map((prompt) => ({ ...prompt })),
    providers: suite.providers.map((entry) => ({
      id: entry.provider.id(),
      ...(entry.label ? { label: entry.label } : {}),
      config: copy(entry.provider.config),
    })),
    tests,
    defaultTest,
    derivedMetrics: suite.derivedMetrics,
    nunjucksFilters: suite.filters,
    env: suite.env,
  };
  return { hookSuite, originals: new Map(tests.map((test, index) => [test, index])), defaultBefore: copy(defaultTest) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The suite after beforeAll: the hook's tests, prompts and defaultTest additions. */
export function applyBeforeAllChanges(suite: Suite, view: HookSuiteView, changed: HookSuite | undefined): Suite {
  if (!changed || typeof changed !== 'object') return suite;
  const before = view.defaultBefore;
  const after: TestCase = changed.defaultTest && typeof changed.defaultTest === 'object' ? changed.defaultTest : before;
  const addedAsserts = (after.assert ?? []).slice((before.assert ?? []).length);
  const changedVars = Object.entries(after.vars ?? {}).filter(([key, value]) => !same(before.vars?.[key], value));

  const tests = (Array.isArray(changed.tests) ? changed.tests : view.hookSuite.tests).map((test) => {
    // A test the hook added gets the (new) defaultTest merged in, like every configured test.
    if (!view.originals.has(test)) return mergeDefaultTest(after, test);
    let out = test;
    if (changedVars.length) {
      const vars = { ...out.vars };
      // Only vars the test took from the old defaultTest follow the new default.
      for (const [key, value] of changedVars)
        if (!(key in vars) || same(vars[key], before.vars?.[key])) vars[key] = value;
      out = { ...out, vars };
    }
    if (addedAsserts.length && out.options?.disableDefaultAsserts !== true) {
      // promptfoo puts defaultTest's assertions before the test's own: new defaults go after the old ones.
      const asserts = [...(out.assert ?? [])];
      asserts.splice((before.assert ?? []).length, 0, ...addedAsserts);
      out = { ...out, assert: asserts };
    }
    return out;
  });

  const prompts =
    Array.isArray(changed.prompts) && !same(changed.prompts, view.hookSuite.prompts)
      ? changed.prompts.map(toPrompt)
      : suite.prompts;
  return { ...suite, tests, prompts, defaultTest: after };
}

function toPrompt(value: Prompt | string): Prompt {
  if (typeof value === 'string') return { id: promptId(value), raw: value, label: value };
  const raw = String(value.raw ?? '');
  return { ...value, id: value.id ?? promptId(raw), raw, label: value.label ?? raw };
}
