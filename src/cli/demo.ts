// `assay demo`: the offline tour. Starts the emulators in this process, points the providers at
// them through the environment, and runs examples/quickstart with the usual table and summary.

import { fileURLToPath } from 'node:url';
import { startAllEmulators } from '../emulator/all.js';
import { evalCommand } from './eval.js';

const QUICKSTART = fileURLToPath(new URL('../../examples/quickstart/', import.meta.url));

export async function demoCommand(options: { verbose?: boolean }): Promise<void> {
  const emulators = await startAllEmulators();
  Object.assign(process.env, emulators.env());
  process.stdout.write('Running examples/quickstart on the built-in emulators (offline, no credentials)\n\n');
  try {
    // The emulators listen on fresh ports each time, so cached answers could never be reused:
    // caching would only fill ~/.assay/cache.
    await evalCommand({ config: [QUICKSTART], cache: false, table: true, progressBar: true, verbose: options.verbose });
  } finally {
    await emulators.close();
  }
}
