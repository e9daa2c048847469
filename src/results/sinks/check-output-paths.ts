// Checks before a run that every output file can be written, so a typo in `-o` fails at once
// with the path, not after the whole eval has run. Nothing is created: the check only looks.

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AssayError } from '../../errors.js';

export async function checkOutputPaths(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const problem = await whyUnwritable(resolve(path));
    if (problem)
      throw new AssayError('USAGE', `Cannot write results to "${path}": ${problem}. Choose another output path.`);
  }
}

async function whyUnwritable(target: string): Promise<string | undefined> {
  const existing = await statOrUndefined(target);
  if (existing?.isDirectory()) return 'it is a folder';
  // The nearest folder that exists is where the file (or its missing parent folders) will go.
  let dir = dirname(target);
  for (;;) {
    const info = await statOrUndefined(dir);
    if (info) {
      if (!info.isDirectory()) return `${dir} is a file, not a folder`;
      try {
        await access(dir, constants.W_OK);
      } catch {
        return `no permission to write in ${dir}`;
      }
      return undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}
