// `file://` references: resolving them against a base folder, expanding globs, and reading data
// files (JSON, YAML, JSONL, CSV, text) with errors that name the absolute path looked for.

import { existsSync, readFileSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { glob, isDynamicPattern } from 'tinyglobby';
import { AssayError, ConfigError, errorMessage, type ConfigLocation } from '../errors.js';
import { checkDataDepth, MAX_YAML_ALIASES, structureError } from './data-limits.js';
import { parseYamlFast } from './fast-yaml.js';

export const FILE_SCHEME = 'file://';

export function isFileRef(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(FILE_SCHEME);
}

export function stripFileScheme(ref: string): string {
  return ref.startsWith(FILE_SCHEME) ? ref.slice(FILE_SCHEME.length) : ref;
}

/** Absolute path of a reference (with or without `file://`) relative to basePath. */
export function resolveRefPath(ref: string, basePath: string): string {
  const path = stripFileScheme(ref);
  return isAbsolute(path) ? path : resolve(basePath, path);
}

export function hasGlob(path: string): boolean {
  return isDynamicPattern(path);
}

/** Expands a path or glob to sorted absolute paths; a plain path is returned as is (existing or not). */
export async function expandPaths(ref: string, basePath: string): Promise<string[]> {
  const path = stripFileScheme(ref);
  const literal = resolveRefPath(path, basePath);
  // A file whose name merely contains glob characters (`prompt[1].txt`) is taken as named.
  if (!hasGlob(path) || existsSync(literal)) return [literal];
  const matches = await glob(path, { cwd: basePath, absolute: true, dot: false });
  return matches.sort();
}

/** Throws FILE_NOT_FOUND naming the absolute path when it does not exist. */
export function requireFile(absolute: string, location: ConfigLocation, what = 'File'): void {
  if (!existsSync(absolute)) {
    throw new ConfigError(
      `${what} not found: ${absolute}. Check the path (relative paths resolve against the config's folder).`,
      location,
      'FILE_NOT_FOUND',
    );
  }
}

/** Reads a data file by extension: .json/.yaml/.yml parsed, .jsonl one value per line, else text. */
export function readDataFile(absolute: string): unknown {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (err) {
    throw new AssayError('FILE_NOT_FOUND', `Could not read ${absolute}: ${errorMessage(err)}`, { cause: err });
  }
  const ext = extname(absolute).toLowerCase();
  let value: unknown;
  try {
    if (ext === '.json') value = JSON.parse(text);
    else if (ext === '.yaml' || ext === '.yml')
      value = parseYamlFast(text) ?? parseYaml(text, { merge: true, maxAliasCount: MAX_YAML_ALIASES });
    else if (ext === '.jsonl') {
      value = text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
    } else return text;
  } catch (err) {
    throw (
      structureError(err, absolute) ??
      new ConfigError(`Could not parse ${absolute}: ${errorMessage(err)}`, { file: absolute }, 'CONFIG_INVALID', {
        cause: err,
      })
    );
  }
  checkDataDepth(value, absolute);
  return value;
}
