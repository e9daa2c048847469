// Expands a Suite into the matrix: columns (provider × prompt) and eval steps in promptfoo's
// order (test-major; each repeat and var combination is its own row; within a row, provider-major
// then prompt). Steps are generated lazily so a 10,000-test suite never sits in memory as steps.

import { emptyMetrics } from '../results/metrics.js';
import type { CompletedPrompt } from '../results/types.js';
import type { Prompt, ProviderEntry, Suite, TestCase, Vars } from '../suite/types.js';
import { countVarCombinations, expandVarCombinations } from '../suite/vars.js';
import {
  cellIdFromParts,
  columnIdentityJson,
  repeatedCellId,
  stableStringify,
  suiteHash,
} from '../identity/cell-id.js';
import { type CellIds, CellIdRecorder, recordedIds, testPlanFor, type TestPlan } from './test-plan.js';

export interface Column {
  promptIdx: number;
  entry: ProviderEntry;
  prompt: Prompt;
  providerKey: string;
}

export interface EvalStep {
  testIdx: number;
  repeatIndex: number;
  column: Column;
  test: TestCase;
  vars: Vars;
  /** Deterministic id of what this cell runs (src/identity/cell-id.ts). */
  cellId: string;
}

export function providerDisplayName(entry: ProviderEntry): string {
  return entry.label ?? entry.provider.label ?? entry.provider.id();
}

function allowsPrompt(filter: string[] | undefined, prompt: Prompt): boolean {
  return (
    !filter || filter.some((name) => name === prompt.label || name === prompt.id || prompt.label.startsWith(`${name}:`))
  );
}

function allowsProvider(filter: string[] | undefined, entry: ProviderEntry): boolean {
  return (
    !filter ||
    filter.some((name) => name === entry.label || name === entry.provider.label || name === entry.provider.id())
  );
}

export function buildColumns(suite: Suite): Column[] {
  const columns: Column[] = [];
  for (const entry of suite.providers) {
    for (const prompt of suite.prompts) {
      if (!allowsPrompt(entry.prompts, prompt)) continue;
      columns.push({ promptIdx: columns.length, entry, prompt, providerKey: providerDisplayName(entry) });
    }
  }
  return columns;
}

export function toCompletedPrompts(columns: Column[]): CompletedPrompt[] {
  return columns.map((column) => ({
    id: column.prompt.id,
    raw: column.prompt.raw,
    label: column.prompt.label,
    provider: column.providerKey,
    metrics: emptyMetrics(),
  }));
}

function columnsForTest(columns: Column[], test: TestCase): Column[] {
  return columns.filter((c) => allowsProvider(test.providers, c.entry) && allowsPrompt(test.prompts, c.prompt));
}

/**
 * A test's var combinations; `options.disableVarExpansion` (or PROMPTFOO_/ASSAY_DISABLE_VAR_EXPANSION)
 * keeps list values whole, as promptfoo does.
 */
function combinationsOf(test: TestCase, disabledByEnv = varExpansionDisabledByEnv()): Vars[] {
  const vars = test.vars ?? {};
  const disabled = test.options?.disableVarExpansion === true || disabledByEnv;
  return disabled ? [{ ...vars }] : expandVarCombinations(vars);
}

/** combinationsOf(...).length, without building the rows. */
function combinationCount(test: TestCase, disabledByEnv: boolean): number {
  const disabled = test.options?.disableVarExpansion === true || disabledByEnv;
  return disabled ? 1 : countVarCombinations(test.vars ?? {});
}

function varExpansionDisabledByEnv(): boolean {
  return isTruthyEnv(process.env.ASSAY_DISABLE_VAR_EXPANSION ?? process.env.PROMPTFOO_DISABLE_VAR_EXPANSION);
}

function isTruthyEnv(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

/** Yields every step in order. `rowCells` is told how many cells each row has. */
export function* generateSteps(tests: TestCase[], columns: Column[], repeat: number): Generator<EvalStep> {
  yield* walkSteps(tests, columns, repeat, undefined);
}

function* walkSteps(
  tests: TestCase[],
  columns: Column[],
  repeat: number,
  recorder: CellIdRecorder | undefined,
): Generator<EvalStep> {
  let testIdx = 0;
  // How often each content id has been planned: identical cells (a test written twice) are numbered.
  const planned = new Map<string, number>();
  // Most tests cannot repeat a cell within themselves (one var combination, no two columns alike):
  // their cells are numbered by how many earlier tests had the same content (the test plan counts
  // them once) instead of by one map entry per cell id kept for the whole run.
  const plan = testPlanFor(tests);
  const disabledByEnv = varExpansionDisabledByEnv();
  // What a column contributes to its cells' ids is the same for every row: written once per walk.
  const columnJson = new Map<Column, string>();
  for (const column of columns) {
    const { prompt, entry } = column;
    columnJson.set(
      column,
      columnIdentityJson(prompt.raw, prompt.label, entry.provider.id(), entry.label ?? entry.provider.label),
    );
  }
  const shape = matrixShape(plan, columnJson, repeat, disabledByEnv);
  // The suite hash walked this same matrix already: its ids are read back instead of hashed again.
  const known = recorder ? undefined : recordedIds.get(tests);
  const ids = known && known.shape === shape && known.plan === plan ? known.ids : undefined;
  recorder?.start(tests, plan, shape);
  let cell = 0;
  const columnsAlike = new Set(columnJson.values()).size < columns.length;
  for (let t = 0; t < tests.length; t++) {
    const test = tests[t]!;
    const combos = combinationsOf(test, disabledByEnv);
    const testColumns = allowsColumns(test) ? columns : columnsForTest(columns, test);
    const testHash = plan.testHash(t);
    // Tests with the same hash have the same content, so they all take the same branch here.
    const byTest = combos.length === 1 && !columnsAlike;
    const earlier = byTest ? plan.copiesBefore(t) : 0;
    for (let repeatIndex = 0; repeatIndex < repeat; repeatIndex++) {
      for (const vars of combos) {
        if (ids) {
          for (const column of testColumns) {
            yield { testIdx, repeatIndex, column, test, vars, cellId: ids.at(cell++) };
          }
          testIdx++;
          continue;
        }
        const varsJson = stableStringify(vars);
        for (const column of testColumns) {
          const contentId = cellIdFromParts(testHash, varsJson, columnJson.get(column)!, repeatIndex);
          let copies = earlier;
          if (!byTest) {
            copies = planned.get(contentId) ?? 0;
            planned.set(contentId, copies + 1);
          }
          const id = copies === 0 ? contentId : repeatedCellId(contentId, copies);
          // A recording walk (the suite hash's) only wants the ids: no step per cell.
          if (recorder) recorder.add(id);
          else yield { testIdx, repeatIndex, column, test, vars, cellId: id };
        }
        testIdx++;
      }
    }
  }
  recorder?.finish();
}

/**
 * What besides the tests (checked by their plan) decides a walk's cell ids: the columns' identities,
 * the repeat count and whether list vars expand. Two walks with the same shape yield the same ids.
 */
function matrixShape(plan: TestPlan, columnJson: Map<Column, string>, repeat: number, disabledByEnv: boolean): string {
  return JSON.stringify([plan.size, repeat, disabledByEnv, [...columnJson.values()]]);
}

/** True when the test names no providers or prompts of its own, so every column runs it. */
function allowsColumns(test: TestCase): boolean {
  return !test.providers && !test.prompts;
}

/**
 * Counts rows and cells without building steps, for progress totals. The cells of each row are
 * kept in a typed array: one number per row for the whole run, outside the JS heap, where a
 * 100,000-row list of numbers would be 0.9 MB more for every full collection to walk.
 */
export function countMatrix(
  tests: TestCase[],
  columns: Column[],
  repeat: number,
): { rows: number; cells: number; cellsPerRow: Uint32Array } {
  let rows = 0;
  let cells = 0;
  let cellsPerRow = new Uint32Array(tests.length * repeat);
  const disabledByEnv = varExpansionDisabledByEnv();
  for (const test of tests) {
    const combos = combinationCount(test, disabledByEnv);
    const perRow = columnsForTest(columns, test).length;
    const testRows = repeat * combos;
    if (rows + testRows > cellsPerRow.length) {
      const grown = new Uint32Array(Math.max(cellsPerRow.length * 2, rows + testRows));
      grown.set(cellsPerRow.subarray(0, rows));
      cellsPerRow = grown;
    }
    cellsPerRow.fill(perRow, rows, rows + testRows);
    rows += testRows;
    cells += testRows * perRow;
  }
  return { rows, cells, cellsPerRow: rows === cellsPerRow.length ? cellsPerRow : cellsPerRow.slice(0, rows) };
}

/** Var names across all tests, in first-seen order (table and CSV columns). */
export function collectVarNames(tests: TestCase[]): string[] {
  const names = new Set<string>();
  for (const test of tests) for (const name of Object.keys(test.vars ?? {})) names.add(name);
  return [...names];
}

// The store (to find the eval to continue) and the run both ask for the suite hash of the same
// suite (on resume and retry); each answer walks every cell, so it is kept with the suite.
const plans = new WeakMap<Suite, { tests: TestCase[]; count: number; repeat: number; hash: string }>();

/** The suite hash of what a run of `suite` would plan (src/identity/cell-id.ts). */
export function planSuiteHash(suite: Suite, repeat: number): string {
  const memo = plans.get(suite);
  if (memo && memo.tests === suite.tests && memo.count === suite.tests.length && memo.repeat === repeat)
    return memo.hash;
  // The walk keeps every cell id (10 bytes each, outside the JS heap): the run's own walks of the
  // same matrix (the run, skipped cells, a continued run's stored cells) read them back instead of
  // hashing every cell again.
  const recorder = new CellIdRecorder();
  for (const _ of walkSteps(suite.tests, buildColumns(suite), repeat, recorder));
  const hash = suiteHash(cellIdsOf(recordedIds.get(suite.tests)!.ids));
  plans.set(suite, { tests: suite.tests, count: suite.tests.length, repeat, hash });
  return hash;
}

/** The ids one by one, through one reused iterator result (not an object per id). */
function cellIdsOf(ids: CellIds): Iterable<string> {
  return {
    [Symbol.iterator]() {
      let i = 0;
      const result = { value: '', done: false };
      return {
        next() {
          if (i < ids.count) result.value = ids.at(i++);
          else result.done = true;
          return result;
        },
      };
    },
  };
}
