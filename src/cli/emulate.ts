// `assay emulate`: serve the local API emulators until Ctrl-C.

import { runEmulateCommand } from '../emulator/cli.js';

export async function emulateCommand(options: {
  port?: number;
  latency?: number;
  rpm?: number;
  faults?: string;
}): Promise<void> {
  await runEmulateCommand({ port: options.port, latencyMs: options.latency, rpm: options.rpm, faults: options.faults });
}
