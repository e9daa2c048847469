// `assay view`: its options, registered only when the command runs (see command-registry.ts), so
// `assay eval` never loads the viewer. Serving and exporting each load their own module.

import type { Command } from 'commander';
import { AssayError } from '../errors.js';

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new AssayError('USAGE', `--port must be a whole number from 0 to 65535, got "${value}"`);
  return parsed;
}

export function registerCommand(program: Command): void {
  program
    .command('view [evalId]')
    .description('browse stored evals in a local web viewer (127.0.0.1); opens the browser')
    .option('--port <n>', 'port to serve on (default 15500; a free one when taken)', port)
    .option('--host <address>', 'address to bind (default 127.0.0.1; anything else is reachable from the network)')
    .option('--no-open', 'do not open the browser')
    .option('--compare <evalIds...>', 'open the comparison of two evals: --compare <baseline> <candidate>')
    .option('--export <dir>', 'write a static site of the eval (index.html + assets/) into <dir> instead of serving')
    .action(async (evalId: string | undefined, options) =>
      options.export
        ? (await import('./view-export.js')).viewExportCommand(options.export, evalId ?? 'latest', options)
        : (await import('./view.js')).viewCommand(evalId, options),
    );
}
