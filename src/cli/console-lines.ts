// One look for every line the CLI prints about a problem, whichever command prints it:
// `Error: …` (red on a terminal) and `Warning: …` (yellow), on stderr, one line per problem.

import pc from 'picocolors';

const colors = () => pc.createColors(Boolean(process.stderr.isTTY) && !process.env.NO_COLOR);

export function errorLine(message: string): string {
  return `${colors().red('Error:')} ${message}\n`;
}

export function warningLine(message: string): string {
  return `${colors().yellow('Warning:')} ${message}\n`;
}
