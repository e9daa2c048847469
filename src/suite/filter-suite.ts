// The CLI's selection filters (--filter-pattern, --filter-first-n, --filter-providers,
// --filter-prompts), applied to a loaded Suite in promptfoo's order: pattern, then first N.

import { AssayError } from '../errors.js';
import type { Suite } from './types.js';

export interface SuiteFilters {
  pattern?: string;
  firstN?: number;
  providers?: string;
  prompts?: string;
}

export function filterSuite(suite: Suite, filters: SuiteFilters): Suite {
  let { tests, providers, prompts } = suite;
  if (filters.pattern) {
    const pattern = toRegex(filters.pattern, '--filter-pattern');
    tests = tests.filter((test) => pattern.test(test.description ?? ''));
  }
  if (filters.firstN !== undefined) tests = tests.slice(0, filters.firstN);
  if (filters.providers) {
    const pattern = toRegex(filters.providers, '--filter-providers');
    providers = providers.filter((e) => pattern.test(e.provider.id()) || pattern.test(e.label ?? e.provider.label ?? ''));
    if (providers.length === 0) throw new AssayError('USAGE', `--filter-providers "${filters.providers}" matches no provider (have: ${suite.providers.map((e) => e.label ?? e.provider.id()).join(', ')})`);
  }
  if (filters.prompts) {
    const pattern = toRegex(filters.prompts, '--filter-prompts');
    prompts = prompts.filter((p) => pattern.test(p.label) || pattern.test(p.id));
    if (prompts.length === 0) throw new AssayError('USAGE', `--filter-prompts "${filters.prompts}" matches no prompt`);
  }
  return { ...suite, tests, providers, prompts };
}

function toRegex(source: string, flag: string): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    throw new AssayError('USAGE', `${flag}: invalid regular expression "${source}" (${(err as Error).message})`);
  }
}
