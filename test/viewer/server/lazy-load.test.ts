// `assay eval` must not load any of the viewer: the viewer server is reachable from the CLI's
// entry only through a dynamic import, never through the static imports loaded at start-up.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../../support/cli.js';

/** Every file the entry loads before running a command: static imports, followed transitively. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.[^"']+)["']/g))
      visit(join(dirname(file), match[1]!));
  };
  visit(entry);
  return seen;
}

describe('start-up', () => {
  it('the CLI entry does not statically load the viewer server', () => {
    const files = staticClosure(cliPath);
    expect(files.size).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain('frame-ancestors');
    // …and the viewer is in the build, loaded later (a dynamic import when `view` runs).
    const built = readdirSync(dirname(cliPath)).filter((f) => f.endsWith('.js'));
    expect(built.some((f) => readFileSync(join(dirname(cliPath), f), 'utf8').includes('frame-ancestors'))).toBe(true);
  });
});
