// The CLI's way in: find and read the config files, load env files, and build the Suite.
// Throws ConfigError (or ConfigErrors when there are several problems) before any provider call.

import { resolveConfigPaths } from '../config/discover.js';
import { loadEnvFiles } from '../config/env-files.js';
import { loadConfigFiles } from '../config/load-config.js';
import { Problems } from '../config/problems.js';
import { buildSuite, type SuiteOverrides } from './build-suite.js';
import type { Suite } from './types.js';

export interface LoadSuiteOptions {
  /** `-c` values: files, folders or globs. Empty: discover promptfooconfig.* in cwd. */
  configPaths?: string[];
  cwd: string;
  /** `--env-file` values, loaded before `.env` in cwd. */
  envFiles?: string[];
  overrides?: SuiteOverrides;
  /** Lets `validate` flag unknown assertion types; supplied by the assertions registry. */
  isKnownAssertionType?: (type: string) => boolean;
}

export type { SuiteOverrides };

export async function loadSuite(options: LoadSuiteOptions): Promise<Suite> {
  const problems = new Problems();
  const suite = await loadWith(options, problems);
  problems.throwIfAny();
  if (problems.warnings.length) suite!.warnings = problems.warnings.map((w) => w.message);
  return suite!;
}

/**
 * Loads as far as possible, recording problems instead of stopping at the first. With
 * `keepGoing`, the suite is built even after schema problems (for `validate`).
 */
export async function loadWith(
  options: LoadSuiteOptions,
  problems: Problems,
  keepGoing = false,
): Promise<Suite | undefined> {
  loadEnvFiles(options.cwd, options.envFiles ?? []);
  const paths = await resolveConfigPaths(options.configPaths, options.cwd);
  const loaded = await loadConfigFiles(paths, options.cwd, problems);
  if (!loaded) return undefined;
  if (!problems.empty && !keepGoing) return undefined;
  problems.explainLaterProblems();
  return buildSuite(
    {
      config: loaded.config as Record<string, unknown>,
      raw: loaded.raw,
      origins: loaded.origins,
      basePath: loaded.basePath,
      configFiles: loaded.configFiles,
      configEnv: loaded.configEnv,
      mainFile: loaded.mainFile,
      cwd: options.cwd,
      overrides: options.overrides,
      isKnownAssertionType: options.isKnownAssertionType,
    },
    problems,
  );
}
