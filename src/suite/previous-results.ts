// `--filter-failing` / `--filter-errors-only`: which tests did not pass in an earlier run — a
// results file (`-o results.json`, promptfoo's or Assay's, or `.jsonl`) or an eval in the store
// (its id, a unique prefix, or `latest`) — matched to the suite's tests by description and vars,
// as promptfoo re-runs them.

import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { AssayError } from '../errors.js';
import { FailureReason, type EvalResult } from '../results/types.js';
import { openStore } from '../store/open-store.js';
import { iterateLatestCells, resolveEvalId } from '../store/queries.js';
import type { TestCase, Vars } from './types.js';

interface PreviousRow {
  description?: string;
  vars: Vars;
}

/** promptfoo's ResultFailureReason.ERROR. */
const ERROR_REASON = 2;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** The rows of a results file that failed (`errorsOnly`: that errored). */
export function readNotPassingRows(path: string, cwd: string, errorsOnly: boolean, flag: string): PreviousRow[] {
  const absolute = resolve(cwd, path);
  // Not a file: an eval in the store (the id `assay list` shows, a unique prefix, or `latest`).
  if (!existsSync(absolute)) return storedNotPassingRows(path, absolute, errorsOnly, flag);
  const rows = parseRows(readFileSync(absolute, 'utf8'), absolute, flag);
  return rows
    .filter((row) => row.success !== true && (!errorsOnly || row.failureReason === ERROR_REASON))
    .map((row) => {
      const testCase = isObj(row.testCase) ? row.testCase : {};
      const description =
        typeof testCase.description === 'string'
          ? testCase.description
          : typeof row.description === 'string'
            ? row.description
            : undefined;
      return {
        ...(description !== undefined ? { description } : {}),
        vars: (isObj(row.vars) ? row.vars : isObj(testCase.vars) ? testCase.vars : {}) as Vars,
      };
    });
}

function storedNotPassingRows(ref: string, absolute: string, errorsOnly: boolean, flag: string): PreviousRow[] {
  let store: ReturnType<typeof openStore>;
  try {
    store = openStore(undefined, { mustExist: true });
  } catch {
    throw new AssayError(
      'USAGE',
      `${flag}: ${ref} is neither a results file (${absolute} does not exist) nor an eval in the store. Pass a file written with -o results.json, or an id from \`assay list\`.`,
    );
  }
  try {
    const id = resolveEvalId(store.db, ref);
    const rows: PreviousRow[] = [];
    for (const cell of iterateLatestCells(store.db, id)) {
      if (cell.kind !== 'result') continue;
      const result: EvalResult = cell.result;
      if (result.success || (errorsOnly && result.failureReason !== FailureReason.ERROR)) continue;
      const description = result.testCase?.description ?? result.description;
      rows.push({
        ...(description !== undefined ? { description } : {}),
        vars: (result.vars ?? result.testCase?.vars ?? {}) as Vars,
      });
    }
    return rows;
  } catch (err) {
    if (err instanceof AssayError) throw new AssayError('USAGE', `${flag}: ${err.message}`);
    throw err;
  } finally {
    store.close();
  }
}

function parseRows(text: string, path: string, flag: string): Obj[] {
  try {
    if (extname(path).toLowerCase() === '.jsonl')
      return text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as Obj);
    const doc = JSON.parse(text) as unknown;
    // promptfoo's and Assay's JSON output: { results: { results: [...] } }; also a bare list of rows.
    const rows = isObj(doc) && isObj(doc.results) ? doc.results.results : Array.isArray(doc) ? doc : undefined;
    if (!Array.isArray(rows)) throw new Error('no results.results list');
    return rows.filter(isObj);
  } catch (err) {
    throw new AssayError(
      'USAGE',
      `${flag}: ${path} is not a results file written with -o (.json or .jsonl): ${(err as Error).message}`,
    );
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether a previous row came from this test (its vars are one combination of the test's vars). */
export function rowIsForTest(row: PreviousRow, test: TestCase): boolean {
  if (row.description !== undefined && test.description !== undefined && row.description !== test.description)
    return false;
  const vars = test.vars ?? {};
  const keys = new Set([...Object.keys(vars), ...Object.keys(row.vars)]);
  for (const key of keys) {
    const wanted = vars[key];
    const got = row.vars[key];
    if (same(wanted, got)) continue;
    // A list var expands into one row per item.
    if (Array.isArray(wanted) && wanted.some((item) => same(item, got))) continue;
    return false;
  }
  return true;
}
