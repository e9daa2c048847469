// Providers named by a test (`provider:` on a test case, or a grader in options) are built once
// per distinct spec and reused by every step that names them.

import { createProvider } from '../providers/registry.js';
import { isProvider, type Provider } from '../providers/types.js';
import type { ProviderEntry, ProviderSpec, TestCase } from '../suite/types.js';

export class TestProviders {
  private readonly built = new Map<string, Promise<Provider>>();

  constructor(
    private readonly suiteProviders: ProviderEntry[],
    private readonly env: Record<string, string>,
    private readonly basePath: string,
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
      const configured = this.suiteProviders.find((e) => e.label === id || e.provider.label === id || e.provider.id() === id);
      if (configured) return Promise.resolve(configured.provider);
    }
    const key = JSON.stringify(spec);
    let pending = this.built.get(key);
    if (!pending) {
      const options = typeof spec === 'string' ? { id } : spec;
      pending = createProvider({
        id,
        label: options.label,
        config: options.config ?? {},
        env: { ...this.env, ...(options.env ?? {}) },
        basePath: this.basePath,
      });
      this.built.set(key, pending);
    }
    return pending;
  }

  async closeAll(): Promise<void> {
    const providers = await Promise.allSettled(this.built.values());
    await Promise.allSettled(providers.map((p) => (p.status === 'fulfilled' ? p.value.close?.() : undefined)));
  }
}
