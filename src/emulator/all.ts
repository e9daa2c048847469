// Starts every emulator at once, the HTTP APIs and the WebSocket app, for `assay emulate`,
// `assay demo`, the examples' end-to-end tests and the benchmarks.

import { startEmulators } from './index.js';
import type { EmulatorOptions, RunningEmulators } from './types.js';
import { startWebSocketEmulator } from './websocket.js';

export interface AllEmulators {
  http: RunningEmulators;
  websocket: Awaited<ReturnType<typeof startWebSocketEmulator>>;
  /** The HTTP emulators' env plus ASSAY_WS_URL, the WebSocket emulator's base URL. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startAllEmulators(options: EmulatorOptions & { websocketPort?: number } = {}): Promise<AllEmulators> {
  const http = await startEmulators(options);
  let websocket: AllEmulators['websocket'];
  try {
    websocket = await startWebSocketEmulator({ port: options.websocketPort, host: options.host });
  } catch (err) {
    await http.close();
    throw err;
  }
  return {
    http,
    websocket,
    env: () => ({ ...http.env(), ASSAY_WS_URL: websocket.url }),
    close: async () => {
      await Promise.all([http.close(), websocket.close()]);
    },
  };
}
