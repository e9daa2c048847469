// `--filter-failing` / `--filter-errors-only`: which tests did not pass in an earlier run's
// results file (`-o results.json`, promptfoo's or Assay's, or `.jsonl`), matched to the suite's
// tests by description and vars, as promptfoo re-runs them.

import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { AssayError } from '../errors.js';
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
  if (!existsSync(absolute)) {
    const looksLikeEvalId = /^eval-/.test(path);
    throw new AssayError(
      'USAGE',
      looksLikeEvalId
        ? `${flag} ${path}: Assay has no eval store to look up eval ids yet; pass the results file an earlier run wrote with -o results.json`
        : `${flag}: results file not found: ${absolute}. Pass a file written with -o results.json (or .jsonl).`,
    );
  }
  const rows = parseRows(readFileSync(absolute, 'utf8'), absolute, flag);
  return rows
    .filter((row) => row.success !== true && (!errorsOnly || row.failureReason === ERROR_REASON))
    .map((row) => {
      const testCase = isObj(row.testCase) ? row.testCase : {};
      const description = typeof testCase.description === 'string' ? testCase.description : typeof row.description === 'string' ? row.description : undefined;
      return { ...(description !== undefined ? { description } : {}), vars: (isObj(row.vars) ? row.vars : isObj(testCase.vars) ? testCase.vars : {}) as Vars };
    });
}

function parseRows(text: string, path: string, flag: string): Obj[] {
  try {
    if (extname(path).toLowerCase() === '.jsonl') return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as Obj);
    const doc = JSON.parse(text) as unknown;
    // promptfoo's and Assay's JSON output: { results: { results: [...] } }; also a bare list of rows.
    const rows = isObj(doc) && isObj(doc.results) ? doc.results.results : Array.isArray(doc) ? doc : undefined;
    if (!Array.isArray(rows)) throw new Error('no results.results list');
    return rows.filter(isObj);
  } catch (err) {
    throw new AssayError('USAGE', `${flag}: ${path} is not a results file written with -o (.json or .jsonl): ${(err as Error).message}`);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether a previous row came from this test (its vars are one combination of the test's vars). */
export function rowIsForTest(row: PreviousRow, test: TestCase): boolean {
  if (row.description !== undefined && test.description !== undefined && row.description !== test.description) return false;
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
