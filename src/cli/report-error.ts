// How the CLI tells a person what went wrong: one clear line per problem, a stack only with
// --verbose, and the exit code (1 for config and usage errors).

import { AssayError, ConfigErrors } from '../errors.js';
import { scrubText } from '../redaction/secret-registry.js';
import { escapeControlChars } from '../results/terminal-text.js';

export function reportFatal(err: unknown, verbose: boolean): number {
  const stderr = { write: (text: string) => process.stderr.write(escapeControlChars(scrubText(text))) };
  return report(err, verbose, stderr);
}

// Error text can quote a server's reply or a config value: known secrets are removed and control
// characters made visible before printing.
function report(err: unknown, verbose: boolean, stderr: { write(text: string): unknown }): number {
  if (err instanceof ConfigErrors) {
    stderr.write(`Found ${err.errors.length} problem${err.errors.length === 1 ? '' : 's'}:\n`);
    for (const problem of err.errors) stderr.write(`  ✗ ${problem.message}\n`);
  } else if (err instanceof AssayError) {
    stderr.write(`Error: ${err.message}\n`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    stderr.write(`Error: ${message}\n`);
    if (!verbose) stderr.write('(run with --verbose for details)\n');
  }
  if (verbose && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  return 1;
}
