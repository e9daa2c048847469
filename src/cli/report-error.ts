// How the CLI tells a person what went wrong: one clear line per problem, a stack only with
// --verbose, and the exit code (1 for config and usage errors).

import { AssayError, ConfigErrors } from '../errors.js';

export function reportFatal(err: unknown, verbose: boolean): number {
  if (err instanceof ConfigErrors) {
    process.stderr.write(`Found ${err.errors.length} problem${err.errors.length === 1 ? '' : 's'}:\n`);
    for (const problem of err.errors) process.stderr.write(`  ✗ ${problem.message}\n`);
  } else if (err instanceof AssayError) {
    process.stderr.write(`Error: ${err.message}\n`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`Error: ${message}\n`);
    if (!verbose) process.stderr.write('(run with --verbose for details)\n');
  }
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 1;
}
