// One look for every line the CLI prints about a problem, whichever command prints it:
// `Error: …` (red on a terminal) and `Warning: …` (yellow), on stderr, one line per problem.

import pc from 'picocolors';
import { scrubText } from '../redaction/secret-registry.js';
import { escapeControlChars } from '../results/terminal-text.js';

const colors = () => pc.createColors(Boolean(process.stderr.isTTY) && !process.env.NO_COLOR);

// A message can quote a tests file, a path or a server's reply: known secrets are removed and
// control characters made visible here, so no caller can print one raw (both steps are idempotent).
const clean = (message: string): string => escapeControlChars(scrubText(message));

export function errorLine(message: string): string {
  return `${colors().red('Error:')} ${clean(message)}\n`;
}

export function warningLine(message: string): string {
  return `${colors().yellow('Warning:')} ${clean(message)}\n`;
}
