// `assay emulate`: runs every emulator until SIGINT/SIGTERM and prints the env lines that point
// clients at them. Argument parsing lives in the CLI; this only starts, prints and waits.

import { startEmulators } from './index.js';
import { parseFaults } from './server/meter.js';
import type { Knobs } from './types.js';

export interface EmulateCommandOptions {
  /** First port; the APIs take port, port+1, port+2, port+3 (default: free ports). */
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
  const knobs: Knobs = { latencyMs: opts.latencyMs, rpm: opts.rpm, faults: opts.faults ? parseFaults(opts.faults) : undefined };
  const base = opts.port;
  const emulators = await startEmulators({
    defaults: knobs,
    ports: base === undefined ? undefined : { databricks: base, llama: base + 1, cloudflare: base + 2, openai: base + 3 },
  });
  write('Assay emulators running:');
  write(`  Databricks Model Serving  ${emulators.databricks.url}`);
  write(`  Meta Llama API            ${emulators.llama.url}`);
  write(`  Cloudflare Workers AI     ${emulators.cloudflare.url}`);
  write(`  OpenAI                    ${emulators.openai.url}`);
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
