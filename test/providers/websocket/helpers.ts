// Shared setup for the WebSocket provider tests: build a provider the way the registry does and
// wait for sockets to drain, so each test can check that nothing is left open.

import { expect } from 'vitest';
import { createProvider } from '../../../src/providers/registry.js';
import type { CallContext, Provider } from '../../../src/providers/types.js';
import type { WebSocketEmulator } from '../../../src/emulator/websocket.js';

export function build(id: string, config: Record<string, unknown>, basePath = process.cwd()): Promise<Provider> {
  return createProvider({ id, config, env: {}, basePath });
}

export function contextWith(vars: Record<string, unknown> = {}): CallContext {
  return { vars, prompt: { raw: '', label: 'test' }, repeatIndex: 0 };
}

/** Node's list of live handles (sockets, servers, timers); not in @types/node. */
export function activeHandles(): number {
  return (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
}

/** Waits until the emulator holds no TCP connection (fails the test after 5 s). */
export async function expectAllClosed(emulator: WebSocketEmulator): Promise<void> {
  const until = Date.now() + 5_000;
  while (emulator.connections > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  expect(emulator.connections).toBe(0);
}

/** Waits for the handle count to come back to at most `baseline` (client sockets close a tick after the server's). */
export async function expectHandlesBackTo(baseline: number): Promise<void> {
  const until = Date.now() + 5_000;
  while (activeHandles() > baseline && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  expect(activeHandles()).toBeLessThanOrEqual(baseline);
}
