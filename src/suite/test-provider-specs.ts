// Providers named inside tests (`provider:` on a test, `options.provider` graders, an assertion's
// `provider`) are built at load, with the same `{{ env.X }}` rendering as `providers:` entries, so
// their config errors are load errors with a key path instead of one failed cell per row.

import type { Problems } from '../config/problems.js';
import { joinKeyPath } from '../config/schema-issues.js';
import { isProvider, type Provider } from '../providers/types.js';
import { createFromSpec } from './providers.js';
import type { AssertionSpec, ProviderEntry, ProviderSpec, TestCase } from './types.js';

interface FoundSpec {
  spec: string | ProviderSpec;
  location: { file?: string; keyPath: string };
}

/** The key TestProviders looks built providers up by. */
export function providerSpecKey(spec: string | ProviderSpec): string {
  return JSON.stringify(spec);
}

/** Collects every provider spec a test names (test provider, graders, assertion providers). */
export class ProviderSpecCollector {
  private readonly found = new Map<string, FoundSpec>();

  constructor(private readonly configured: readonly ProviderEntry[]) {}

  addTest(test: TestCase, location: { file?: string; keyPath: string }): void {
    this.addSpec(test.provider, location, 'provider');
    this.addGrader(test.options?.provider, location, 'options.provider');
    this.addAssertions(test.assert, location, 'assert');
  }

  /** Builds each distinct spec once; failures are recorded as config problems at the first place named. */
  async build(basePath: string, suiteEnv: Record<string, string>, problems: Problems): Promise<Map<string, Provider>> {
    const built = new Map<string, Provider>();
    for (const [key, { spec, location }] of this.found) {
      try {
        built.set(key, await createFromSpec(typeof spec === 'string' ? { id: spec } : spec, basePath, suiteEnv));
      } catch (err) {
        problems.addThrown(err, location);
      }
    }
    return built;
  }

  private addAssertions(
    asserts: AssertionSpec[] | undefined,
    location: { file?: string; keyPath: string },
    prefix: string,
  ): void {
    asserts?.forEach((assertion, i) => {
      // Most assertions name no grader: their key paths (two strings each) are not built.
      const grader = (assertion as { provider?: unknown }).provider;
      if (assertion.type !== 'assert-set' && grader === undefined) return;
      const path = `${prefix}[${i}]`;
      if (assertion.type === 'assert-set')
        return this.addAssertions((assertion as { assert?: AssertionSpec[] }).assert, location, `${path}.assert`);
      this.addGrader(grader, location, `${path}.provider`);
    });
  }

  /** A grader may be a spec or a map by kind (`{ text, embedding }`). */
  private addGrader(grader: unknown, location: { file?: string; keyPath: string }, keyPath: string): void {
    if (
      !grader ||
      typeof grader !== 'object' ||
      isProvider(grader) ||
      typeof (grader as { id?: unknown }).id === 'string'
    )
      return this.addSpec(grader, location, keyPath);
    for (const kind of ['text', 'embedding', 'classification'] as const)
      this.addSpec((grader as Record<string, unknown>)[kind], location, `${keyPath}.${kind}`);
  }

  private addSpec(spec: unknown, location: { file?: string; keyPath: string }, keyPath: string): void {
    if (spec === undefined || spec === null || isProvider(spec)) return;
    if (typeof spec !== 'string' && (typeof spec !== 'object' || typeof (spec as { id?: unknown }).id !== 'string'))
      return;
    const typed = spec as string | ProviderSpec;
    // A name that matches a configured provider's label or id is that provider, not a new one.
    if (
      typeof typed === 'string' &&
      this.configured.some((e) => e.label === typed || e.provider.label === typed || e.provider.id() === typed)
    )
      return;
    const key = providerSpecKey(typed);
    if (!this.found.has(key))
      this.found.set(key, {
        spec: typed,
        location: { file: location.file, keyPath: joinKeyPath(location.keyPath, keyPath) },
      });
  }
}
