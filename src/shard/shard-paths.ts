// The files `assay merge` reads: plain paths as given, globs expanded (shards/*.assay), in a
// stable order; a glob that matches nothing is an error, not a silently smaller merge.

import { glob, isDynamicPattern } from 'tinyglobby';
import { AssayError } from '../errors.js';

export async function expandShardPaths(args: string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const arg of args) {
    if (!isDynamicPattern(arg)) {
      paths.push(arg);
      continue;
    }
    const found = await glob(arg, { onlyFiles: true, absolute: false, expandDirectories: false });
    if (found.length === 0) throw new AssayError('USAGE', `No shard files match "${arg}"`);
    paths.push(...found.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
  }
  return [...new Set(paths)];
}
