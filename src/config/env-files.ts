// Loads `.env` from the working folder and any extra env files into process.env. Values already
// set in the environment win, so a CI secret is never replaced by a checked-in file.

import { applyPromptfooEnvAliases } from './env-aliases.js';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from '../errors.js';

/**
 * Extra files are read first, so they take precedence over `.env`; a missing extra file is an
 * error, a missing `.env` is not. Returns the absolute paths that were loaded.
 */
export function loadEnvFiles(cwd: string, extraFiles: readonly string[] = []): string[] {
  const loaded: string[] = [];
  for (const file of extraFiles) {
    for (const part of file
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const absolute = resolve(cwd, part);
      if (!existsSync(absolute))
        throw new ConfigError(
          `Env file not found: ${absolute}. Check the --env-file path.`,
          { file: part },
          'FILE_NOT_FOUND',
        );
      applyEnvFile(absolute);
      loaded.push(absolute);
    }
  }
  const dotEnv = resolve(cwd, '.env');
  if (existsSync(dotEnv) && !loaded.includes(dotEnv)) {
    applyEnvFile(dotEnv);
    loaded.push(dotEnv);
  }
  // A PROMPTFOO_* value from a .env file stands in for its ASSAY_* name too.
  applyPromptfooEnvAliases();
  return loaded;
}

function applyEnvFile(path: string): void {
  const values = parseEnv(readFileSync(path, 'utf8'));
  for (const [key, value] of Object.entries(values)) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}
