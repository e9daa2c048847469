// `assay emulate`: runs every emulator until SIGINT/SIGTERM and prints the env lines that point
// clients at them. Argument parsing lives in the CLI; this only starts, prints and waits.

import { startAllEmulators } from './all.js';
import { parseFaults } from './server/meter.js';
import type { Knobs } from './types.js';
import { AssayError, errorMessage } from '../errors.js';

export interface EmulateCommandOptions {
  /** First port; the APIs take port to port+3, the WebSocket app port+4 (default: free ports). */
  port?: number;
  latencyMs?: number;
  rpm?: number;
  /** e.g. `500:2,reset:1,truncate:0.25,stall` (see parseFaults). */
  faults?: string;
  /** Where lines go (default stdout). */
  write?: (line: string) => void;
}

export async function runEmulateCommand(opts: EmulateCommandOptions): Promise<void> {
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const knobs: Knobs = {
    latencyMs: opts.latencyMs,
    rpm: opts.rpm,
    faults: opts.faults ? faultsFromFlag(opts.faults) : undefined,
  };
  const base = opts.port;
  const emulators = await startAllEmulators({
    defaults: knobs,
    ports:
      base === undefined ? undefined : { databricks: base, llama: base + 1, cloudflare: base + 2, openai: base + 3 },
    websocketPort: base === undefined ? undefined : base + 4,
    httpAppPort: base === undefined ? undefined : base + 5,
  });
  write('Assay emulators running:');
  write(`  Databricks Model Serving  ${emulators.http.databricks.url}`);
  write(`  Meta Llama API            ${emulators.http.llama.url}`);
  write(`  Cloudflare Workers AI     ${emulators.http.cloudflare.url}`);
  write(`  OpenAI                    ${emulators.http.openai.url}`);
  write(`  WebSocket app             ${emulators.websocket.url}`);
  write(`  HTTP app                  ${emulators.httpApp.url}`);
  write('');
  write('# Point clients at them (these credentials only work against the emulators):');
  for (const [k, v] of Object.entries(emulators.env())) write(`export ${k}=${shellQuote(v)}`);
  write('');
  write('Press Ctrl+C to stop.');

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emulators.close();
}

function shellQuote(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** A bad --faults value is the user's mistake: one usage line, no "--verbose for details". */
function faultsFromFlag(spec: string): ReturnType<typeof parseFaults> {
  try {
    return parseFaults(spec);
  } catch (err) {
    throw new AssayError('USAGE', `--faults: ${errorMessage(err)}`);
  }
}
