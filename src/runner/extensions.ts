// `extensions:` hooks (beforeAll, beforeEach, afterEach, afterAll) with promptfoo's context
// objects. `file://hooks.js:beforeAll` runs only for that hook as `(context, { hookName })`;
// any other function name runs for every hook as `(hookName, context)`, as promptfoo calls them.
// Hook errors stop the run (one clear error), except afterEach, whose error is kept on the row.

import { AssayError, errorMessage } from '../errors.js';
import { compileFunction, type CompiledFunction } from '../scripting/compile-function.js';
import { parseFileReference } from '../scripting/load-module.js';
import type { EvalResult } from '../results/types.js';
import type { Suite, TestCase } from '../suite/types.js';
import { applyBeforeAllChanges, suiteForHooks, type HookSuite } from './extension-suite.js';

export const HOOK_NAMES = ['beforeAll', 'beforeEach', 'afterEach', 'afterAll'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

interface LoadedHook {
  ref: string;
  fn: CompiledFunction;
  /** Set when the export is named after one hook: it runs only for that one. */
  only?: HookName;
}

export class ExtensionHooks {
  private constructor(private readonly hooks: LoadedHook[]) {}

  /** Loads every `extensions:` entry; undefined when the suite has none. */
  static async load(refs: readonly string[] | undefined, basePath: string): Promise<ExtensionHooks | undefined> {
    if (!refs?.length) return undefined;
    const hooks: LoadedHook[] = [];
    for (const ref of refs) {
      if (typeof ref !== 'string' || !ref.startsWith('file://')) {
        throw new AssayError(
          'CONFIG_INVALID',
          `extensions: "${String(ref)}" must be a file reference such as file://hooks.js:beforeAll`,
        );
      }
      const { exportName } = parseFileReference(ref);
      const fn = await compileFunction(ref, [], { basePath, what: `extension ${ref}` });
      const only = HOOK_NAMES.find((name) => name === exportName);
      hooks.push({ ref, fn, ...(only ? { only } : {}) });
    }
    return new ExtensionHooks(hooks);
  }

  has(name: HookName): boolean {
    return this.hooks.some((hook) => hook.only === undefined || hook.only === name);
  }

  /** Runs every hook for `name` in order; each may return a new context (`{ suite }`, `{ test }`). */
  private async run<T extends object>(name: HookName, context: T): Promise<T> {
    let current = context;
    for (const hook of this.hooks) {
      if (hook.only !== undefined && hook.only !== name) continue;
      let returned: unknown;
      try {
        returned = hook.only ? await hook.fn(current, { hookName: name }) : await hook.fn(name, current);
      } catch (err) {
        throw new AssayError('CONFIG_INVALID', `Extension hook ${name} (${hook.ref}) failed: ${errorMessage(err)}`, {
          cause: err,
        });
      }
      if (returned && typeof returned === 'object' && !Array.isArray(returned))
        current = { ...current, ...(returned as Partial<T>) };
    }
    return current;
  }

  /** beforeAll `{ suite }`: a hook may add tests, prompts or default assertions. */
  async beforeAll(suite: Suite): Promise<Suite> {
    if (!this.has('beforeAll')) return suite;
    const view = suiteForHooks(suite);
    const { suite: changed } = await this.run<{ suite: HookSuite }>('beforeAll', { suite: view.hookSuite });
    return applyBeforeAllChanges(suite, view, changed);
  }

  /** beforeEach `{ test }`, once per test before its vars are expanded into rows. */
  async beforeEach(tests: TestCase[]): Promise<TestCase[]> {
    if (!this.has('beforeEach')) return tests;
    const out: TestCase[] = [];
    for (const test of tests) {
      const { test: changed } = await this.run<{ test: TestCase }>('beforeEach', { test: structuredCloneLoose(test) });
      out.push(changed && typeof changed === 'object' ? changed : test);
    }
    return out;
  }

  /** afterEach `{ test, result }`: the hook may change the row's namedScores and metadata. */
  async afterEach(result: EvalResult): Promise<EvalResult> {
    if (!this.has('afterEach')) return result;
    const copy: EvalResult = {
      ...result,
      namedScores: { ...result.namedScores },
      metadata: { ...result.metadata },
      ...(result.response ? { response: { ...result.response, metadata: { ...result.response.metadata } } } : {}),
    };
    try {
      await this.run('afterEach', { test: result.testCase, result: copy });
    } catch (err) {
      return { ...result, metadata: { ...result.metadata, afterEachHookError: errorMessage(err) } };
    }
    return {
      ...result,
      namedScores: copy.namedScores,
      metadata: copy.metadata,
      ...(copy.response ? { response: { ...result.response!, metadata: copy.response.metadata } } : {}),
    };
  }

  /** afterAll `{ suite, results, prompts, evalId, config }`. */
  async afterAll(context: { suite: Suite; results: EvalResult[]; prompts: unknown[]; evalId: string }): Promise<void> {
    if (!this.has('afterAll')) return;
    await this.run('afterAll', {
      ...context,
      suite: suiteForHooks(context.suite).hookSuite,
      config: context.suite.config,
    });
  }
}

/** A copy a hook may mutate freely; functions and provider objects are kept by reference. */
function structuredCloneLoose(test: TestCase): TestCase {
  try {
    return structuredClone(test);
  } catch {
    return {
      ...test,
      vars: { ...test.vars },
      ...(test.assert ? { assert: [...test.assert] } : {}),
      ...(test.options ? { options: { ...test.options } } : {}),
    };
  }
}
