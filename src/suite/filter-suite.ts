// The CLI's selection filters (--filter-pattern, --filter-first-n, --filter-providers,
// --filter-prompts, --filter-metadata, --filter-failing, --filter-errors-only, --filter-sample),
// applied to a loaded Suite in promptfoo's order: metadata, earlier failures, pattern, first N, sample.

import { AssayError } from '../errors.js';
import type { Suite } from './types.js';
import { readNotPassingRows, rowIsForTest } from './previous-results.js';

export interface SuiteFilters {
  /** `key=value` pairs, all of which a test's metadata must match (substring; any list item). */
  metadata?: string[];
  /** Only tests that did not pass in this earlier results file. */
  failing?: string;
  /** Only tests that errored in this earlier results file. */
  errorsOnly?: string;
  /** Folder the results files are resolved against. */
  cwd?: string;
  pattern?: string;
  firstN?: number;
  /** A random sample of this many tests. */
  sample?: number;
  providers?: string;
  prompts?: string;
}

export function filterSuite(suite: Suite, filters: SuiteFilters): Suite {
  let { tests, providers, prompts } = suite;
  if (filters.metadata?.length) {
    const wanted = filters.metadata.map(parseMetadataFilter);
    tests = tests.filter((test) => wanted.every(([key, value]) => metadataMatches(test.metadata?.[key], value)));
  }
  for (const [file, errorsOnly, flag] of [
    [filters.failing, false, '--filter-failing'],
    [filters.errorsOnly, true, '--filter-errors-only'],
  ] as const) {
    if (!file) continue;
    const rows = readNotPassingRows(file, filters.cwd ?? process.cwd(), errorsOnly, flag);
    tests = tests.filter((test) => rows.some((row) => rowIsForTest(row, test)));
  }
  if (filters.pattern) {
    const pattern = toRegex(filters.pattern, '--filter-pattern');
    tests = tests.filter((test) => pattern.test(test.description ?? ''));
  }
  if (filters.firstN !== undefined) tests = tests.slice(0, filters.firstN);
  if (filters.sample !== undefined) tests = sample(tests, filters.sample);
  if (filters.providers) {
    const pattern = toRegex(filters.providers, '--filter-providers');
    providers = providers.filter(
      (e) => pattern.test(e.provider.id()) || pattern.test(e.label ?? e.provider.label ?? ''),
    );
    if (providers.length === 0)
      throw new AssayError(
        'USAGE',
        `--filter-providers "${filters.providers}" matches no provider (have: ${suite.providers.map((e) => e.label ?? e.provider.id()).join(', ')})`,
      );
  }
  if (filters.prompts) {
    const pattern = toRegex(filters.prompts, '--filter-prompts');
    prompts = prompts.filter((p) => pattern.test(p.label) || pattern.test(p.id));
    if (prompts.length === 0) throw new AssayError('USAGE', `--filter-prompts "${filters.prompts}" matches no prompt`);
  }
  return { ...suite, tests, providers, prompts };
}

function parseMetadataFilter(flag: string): [string, string] {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new AssayError('USAGE', `--filter-metadata expects key=value, got "${flag}"`);
  return [flag.slice(0, eq), flag.slice(eq + 1)];
}

/** promptfoo's rule: a substring of the value, or of any item when the value is a list. */
function metadataMatches(actual: unknown, wanted: string): boolean {
  if (actual === undefined || actual === null) return false;
  if (Array.isArray(actual)) return actual.some((item) => String(item).includes(wanted));
  return (typeof actual === 'object' ? JSON.stringify(actual) : String(actual)).includes(wanted);
}

/** N tests picked at random (Fisher–Yates), kept in their configured order. */
function sample<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items];
  const indexes = items.map((_, i) => i);
  for (let i = indexes.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}

function toRegex(source: string, flag: string): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    throw new AssayError('USAGE', `${flag}: invalid regular expression "${source}" (${(err as Error).message})`);
  }
}
