// The emulator lifecycle provider tests share: start every emulator once per file, clear the APIs
// a file talks to after each test, and close them (and the transport's pools) at the end.

import { afterAll, afterEach, beforeAll } from 'vitest';
import { startEmulators, type EmulatorOptions, type RunningEmulators } from '../../src/emulator/index.js';
import { closeDispatchers } from '../../src/providers/transport/index.js';

type ApiName = 'databricks' | 'llama' | 'cloudflare' | 'openai';

export interface EmulatorFixture {
  /** The APIs whose recorded requests and rate-limit window are cleared after each test. */
  reset?: ApiName[];
  /** Also put those APIs back to no rate limit and no faults after each test. */
  clearKnobs?: boolean;
  start?: EmulatorOptions;
}

/**
 * Registers the hooks and returns the running emulators; use it inside tests and hooks only
 * (before the file's first hook has run there is nothing to talk to yet).
 */
export function useEmulators(fixture: EmulatorFixture = {}): RunningEmulators {
  let running: RunningEmulators | undefined;
  beforeAll(async () => {
    running = await startEmulators(fixture.start);
  });
  afterEach(() => {
    for (const name of fixture.reset ?? []) {
      if (fixture.clearKnobs) running?.[name].setKnobs({ rpm: 0, faults: [] });
      running?.[name].reset();
    }
  });
  afterAll(async () => {
    await running?.close();
    await closeDispatchers();
  });
  return new Proxy({} as RunningEmulators, {
    get(_target, key) {
      if (!running) throw new Error('The emulators are not running yet: use them inside a test or hook.');
      const value: unknown = Reflect.get(running, key);
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
}
