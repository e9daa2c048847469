// How the CLI tells a person what went wrong: one clear line per problem, a stack only with
// --verbose, and the exit code (1 for config and usage errors).

import { AssayError, ConfigErrors } from '../errors.js';
import { errorLine } from './console-lines.js';

export function reportFatal(err: unknown, verbose: boolean): number {
  if (err instanceof ConfigErrors) {
    // Every problem on its own line, in the same style as any other error.
    for (const problem of err.errors) process.stderr.write(errorLine(problem.message));
  } else if (err instanceof AssayError) {
    process.stderr.write(errorLine(err.message));
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(errorLine(message));
    if (!verbose) process.stderr.write('(run with --verbose for details)\n');
  }
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 1;
}
