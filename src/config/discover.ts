// Finds config files: promptfooconfig.* in a folder, or the files, folders and globs given by -c.

import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ConfigError } from '../errors.js';

/** Discovery order, as promptfoo: the first one present wins. */
export const CONFIG_FILE_NAMES = [
  'promptfooconfig.yaml',
  'promptfooconfig.yml',
  'promptfooconfig.json',
  'promptfooconfig.cjs',
  'promptfooconfig.cts',
  'promptfooconfig.js',
  'promptfooconfig.mjs',
  'promptfooconfig.mts',
  'promptfooconfig.ts',
] as const;

/** Absolute path of the config file in `dir`, or undefined. */
export function findConfigInDir(dir: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Resolves `-c` values (files, folders, globs) against cwd into absolute file paths, in the order
 * given. With no paths, discovers promptfooconfig.* in cwd. Throws CONFIG_NOT_FOUND when nothing is found.
 */
export async function resolveConfigPaths(paths: readonly string[] | undefined, cwd: string): Promise<string[]> {
  if (!paths || paths.length === 0) {
    const found = findConfigInDir(cwd);
    if (!found) {
      throw new ConfigError(
        `No promptfooconfig.yaml (or .yml/.json/.js/.ts) found in ${cwd}. Run \`assay init\` to create one, or pass a config file with -c <path>.`,
        {},
        'CONFIG_NOT_FOUND',
      );
    }
    return [found];
  }
  const out: string[] = [];
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    if (existsSync(absolute)) {
      if (statSync(absolute).isDirectory()) {
        const found = findConfigInDir(absolute);
        if (!found)
          throw new ConfigError(
            `No promptfooconfig.* file in folder ${absolute}. Pass the config file itself with -c, or run \`assay init\` there.`,
            { file: given },
            'CONFIG_NOT_FOUND',
          );
        out.push(found);
      } else {
        out.push(absolute);
      }
      continue;
    }
    if (isDynamicPattern(given)) {
      const matches = (await glob(given, { cwd, absolute: true })).sort();
      if (matches.length === 0)
        throw new ConfigError(`No config files match ${given} (looked in ${cwd}).`, {}, 'CONFIG_NOT_FOUND');
      out.push(...matches);
      continue;
    }
    throw new ConfigError(
      `Config file not found: ${absolute}. Check the -c path, or run \`assay init\` to create a config.`,
      { file: given },
      'CONFIG_NOT_FOUND',
    );
  }
  return [...new Set(out)];
}
