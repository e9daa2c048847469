// How the CLI tells a person what went wrong: one clear line per problem, a stack only with
// --verbose, and the exit code (1 for config and usage errors).

import { AssayError, ConfigError, ConfigErrors } from '../errors.js';
import { scrubText } from '../redaction/secret-registry.js';
import { escapeControlChars } from '../results/terminal-text.js';
import { errorLine } from './console-lines.js';

// Error text can quote a server's reply or a config value: known secrets are removed and control
// characters made visible before printing (the line's own colour codes are added afterwards).
const clean = (text: string): string => escapeControlChars(scrubText(text));

export function reportFatal(err: unknown, verbose: boolean): number {
  const stderr = process.stderr;
  if (err instanceof ConfigErrors) {
    // Every problem on its own line, in the same style as any other error.
    for (const problem of mergeRepeatedProblems(err.errors)) stderr.write(errorLine(clean(problem.message)));
  } else if (err instanceof AssayError) {
    stderr.write(errorLine(clean(err.message)));
  } else {
    const message = err instanceof Error ? err.message : String(err);
    stderr.write(errorLine(clean(message)));
    if (!verbose) stderr.write('(run with --verbose for details)\n');
  }
  if (verbose && err instanceof Error && err.stack) stderr.write(`${clean(err.stack)}\n`);
  return 1;
}

/**
 * One line for a problem that several places of the same file share (two Python providers when
 * Python is missing), naming every place, instead of the same sentence once per place.
 */
export function mergeRepeatedProblems(problems: readonly ConfigError[]): ConfigError[] {
  const merged: ConfigError[] = [];
  const places = new Map<string, { first: number; keyPaths: string[] }>();
  for (const problem of problems) {
    const { file, keyPath, line } = problem.location;
    const key = `${file ?? ''}\0${problem.detail}`;
    const seen = line === undefined && keyPath !== undefined ? places.get(key) : undefined;
    if (seen) {
      seen.keyPaths.push(keyPath!);
      continue;
    }
    if (line === undefined && keyPath !== undefined) places.set(key, { first: merged.length, keyPaths: [keyPath] });
    merged.push(problem);
  }
  for (const { first, keyPaths } of places.values()) {
    if (keyPaths.length === 1) continue;
    const problem = merged[first]!;
    merged[first] = new ConfigError(
      problem.detail,
      { ...problem.location, keyPath: keyPaths.join(', ') },
      problem.code,
    );
  }
  return merged;
}
