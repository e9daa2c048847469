// `assay eval` must not load any of the viewer: the viewer server is reachable from the CLI's
// entry only through a dynamic import, never through the code run at start-up.

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
  });

  // The entry runs one CommonJS bundle of the command (scripts/bundle-cli.mjs). In it each module is
  // initialised on first use, and the viewer's only way in is the `view` command's dynamic import.
  it('in the CLI bundle the viewer server is initialised only when the view command is loaded', () => {
    const bundles = readdirSync(dirname(cliPath)).filter((f) => f.endsWith('.cjs'));
    expect(bundles).toHaveLength(1);
    const text = readFileSync(join(dirname(cliPath), bundles[0]!), 'utf8');
    const at = text.indexOf('frame-ancestors');
    expect(at).toBeGreaterThan(0);
    // The nearest module wrapper before it is a lazily initialised viewer module…
    const wrappers = [...text.slice(0, at).matchAll(/(init_[\w$]+)\s*=\s*__esm\(\{\s*"([^"]+)"/g)];
    expect(wrappers.at(-1)?.[2]).toMatch(/^src\/viewer\/server\//);
    // …and the view command is initialised only by an import() turned into a lazy call.
    const calls = [...text.matchAll(/init_view_command\(\)/g)].map((m) => text.slice(m.index - 40, m.index));
    expect(calls.length).toBeGreaterThan(0);
    for (const before of calls) expect(before).toMatch(/Promise\.resolve\(\)\.then\(\(\)\s*=>\s*\($/);
  });
});
