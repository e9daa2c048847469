// Providers named by a test (`provider:` on a test case, or a grader in options) are built at load
// (suite.testProviders); one named only at run time (the library's `grader` option, the default
// OpenAI grader) is built here once per distinct spec, by the same rules, and reused.

import { isProvider, type Provider } from '../providers/types.js';
import { createFromSpec } from '../suite/providers.js';
import { providerSpecKey } from '../suite/test-provider-specs.js';
import type { ProviderEntry, ProviderSpec, TestCase } from '../suite/types.js';

export class TestProviders {
  private readonly built = new Map<string, Promise<Provider>>();

  constructor(
    private readonly suiteProviders: ProviderEntry[],
    private readonly env: Record<string, string>,
    private readonly basePath: string,
    private readonly prebuilt: ReadonlyMap<string, Provider> = new Map(),
  ) {}

  /** The provider a test overrides the column's with, or undefined. */
  async resolve(test: TestCase): Promise<Provider | undefined> {
    return test.provider === undefined ? undefined : this.get(test.provider);
  }

  /** Finds a provider by spec: a built Provider, a configured label or id, or a new one. */
  get(spec: string | ProviderSpec | Provider): Promise<Provider> {
    if (isProvider(spec)) return Promise.resolve(spec);
    const id = typeof spec === 'string' ? spec : spec.id;
    if (typeof spec === 'string') {
      const configured = this.suiteProviders.find(
        (e) => e.label === id || e.provider.label === id || e.provider.id() === id,
      );
      if (configured) return Promise.resolve(configured.provider);
    }
    const key = providerSpecKey(spec);
    const ready = this.prebuilt.get(key);
    if (ready) return Promise.resolve(ready);
    let pending = this.built.get(key);
    if (!pending) {
      pending = createFromSpec(typeof spec === 'string' ? { id } : spec, this.basePath, this.env);
      this.built.set(key, pending);
    }
    return pending;
  }

  async closeAll(): Promise<void> {
    const providers = await Promise.allSettled([...this.prebuilt.values(), ...this.built.values()]);
    await Promise.allSettled(providers.map((p) => (p.status === 'fulfilled' ? p.value.close?.() : undefined)));
  }
}
