// Starts every emulator at once, the HTTP APIs and the WebSocket app, for `assay emulate`,
// `assay demo`, the examples' end-to-end tests and the benchmarks.

import { startEmulators } from './index.js';
import type { EmulatorOptions, RunningEmulators } from './types.js';
import { startWebSocketEmulator } from './websocket.js';
import { startHttpAppEmulator, type HttpAppEmulator } from './http-app.js';

export interface AllEmulators {
  http: RunningEmulators;
  websocket: Awaited<ReturnType<typeof startWebSocketEmulator>>;
  /** The HTTP app the generic http provider is tested against (ASSAY_HTTP_APP_URL). */
  httpApp: HttpAppEmulator;
  /** The HTTP emulators' env plus ASSAY_WS_URL (the WebSocket app) and ASSAY_HTTP_APP_URL (the HTTP app). */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startAllEmulators(
  options: EmulatorOptions & { websocketPort?: number; httpAppPort?: number } = {},
): Promise<AllEmulators> {
  const http = await startEmulators(options);
  let websocket: AllEmulators['websocket'];
  try {
    websocket = await startWebSocketEmulator({ port: options.websocketPort, host: options.host });
  } catch (err) {
    await http.close();
    throw err;
  }
  let httpApp: HttpAppEmulator;
  try {
    httpApp = await startHttpAppEmulator({ port: options.httpAppPort, host: options.host });
  } catch (err) {
    await Promise.all([http.close(), websocket.close()]);
    throw err;
  }
  return {
    http,
    websocket,
    httpApp,
    env: () => ({ ...http.env(), ASSAY_WS_URL: websocket.url, ASSAY_HTTP_APP_URL: httpApp.url }),
    close: async () => {
      await Promise.all([http.close(), websocket.close(), httpApp.close()]);
    },
  };
}
