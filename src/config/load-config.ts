// Reads config files (YAML, JSON, JS/TS), renders `{{ env.X }}`, validates each file with zod and
// merges them. Problems are collected so validation can report every one; loading throws them.

import { readFileSync } from 'node:fs';
import { dirname, extname, relative, isAbsolute } from 'node:path';
import { ConfigError } from '../errors.js';
import { importModule, pickExport } from '../scripting/load-module.js';
import { combineConfigs, type CombinedConfig } from './merge.js';
import type { Problems } from './problems.js';
import { configSchema, type ConfigShape } from './schema.js';
import { checkShape } from './schema-issues.js';
import { setPlainTestsAside } from './plain-tests.js';
import { findKeyTypos } from './key-typos.js';
import { findUnsupportedKeys } from './promptfoo-surface.js';
import { resolveLocalRefs } from './local-refs.js';
import { formatKeyPath, parseYamlSource, type KeyPath } from './source.js';
import { holdsEnvTemplate, renderEnvDeep, resolveConfigEnv } from './env-render.js';

type Raw = Record<string, unknown>;

export interface LoadedConfig {
  /** Folder of the first config file. */
  basePath: string;
  configFiles: string[];
  /** Merged config as written (env templates not rendered, so secrets from the environment stay out). */
  raw: Raw;
  /** Merged, env-rendered and validated config. */
  config: ConfigShape;
  origins: CombinedConfig['origins'];
  /** The config's `env:` block, rendered. */
  configEnv: Record<string, string>;
  /** The first config file as shown to the user (relative to cwd when inside it). */
  mainFile: string;
  /** False when some file failed schema validation; `config` is then a best-effort merge. */
  valid: boolean;
}

interface ReadFile {
  path: string;
  display: string;
  value: Raw;
  locate?: (path: KeyPath) => { line: number; column: number } | undefined;
}

const SCRIPT_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts']);

/** Loads and merges config files. Returns undefined when a file could not be read or parsed. */
export async function loadConfigFiles(
  paths: readonly string[],
  cwd: string,
  problems: Problems,
): Promise<LoadedConfig | undefined> {
  const files: ReadFile[] = [];
  for (const path of paths) {
    const file = await readConfigFile(path, cwd, problems);
    if (file) files.push(file);
  }
  if (files.length !== paths.length) return undefined;

  const envBlock: Record<string, string> = {};
  for (const file of files) {
    const env = file.value.env;
    if (env && typeof env === 'object' && !Array.isArray(env)) {
      for (const [key, value] of Object.entries(env as Raw)) envBlock[key] = String(value);
    }
  }
  const { configEnv, templateEnv } = resolveConfigEnv(envBlock);

  const validated: Array<{ file: string; dir: string; config: Raw }> = [];
  let valid = true;
  for (const file of files) {
    let rendered: Raw;
    try {
      const resolved = resolveLocalRefs(file.value, file.display);
      // Nothing to render: the file's own value (mapStrings would copy every object in it).
      rendered = holdsEnvTemplate(resolved) ? renderEnvDeep(resolved, templateEnv) : resolved;
    } catch (err) {
      problems.addThrown(err, { file: file.display });
      valid = false;
      continue;
    }
    const plainTests = setPlainTestsAside(rendered);
    const checked = checkShape(configSchema, plainTests.forSchema, { file: file.display, locate: file.locate });
    const { errors } = checked;
    const value = checked.value && plainTests.restore(checked.value as Raw);
    errors.forEach((e) => problems.add(e));
    for (const typo of findKeyTypos(rendered)) {
      const pos = file.locate?.(typo.path);
      const message = typo.suggestion
        ? `Unknown key "${typo.key}". Did you mean "${typo.suggestion}"? (An unknown key is otherwise ignored.)`
        : `Unknown key "${typo.key}" in a test; it is ignored. A test takes: description, vars, assert, options, threshold, metadata, provider, providerOutput.`;
      problems.warn(
        new ConfigError(message, {
          file: file.display,
          keyPath: formatKeyPath(typo.path),
          line: pos?.line,
          column: pos?.column,
        }),
      );
    }
    for (const unsupported of findUnsupportedKeys(rendered)) {
      const pos = file.locate?.(unsupported.path);
      problems.warn(
        new ConfigError(unsupported.message, {
          file: file.display,
          keyPath: formatKeyPath(unsupported.path),
          line: pos?.line,
          column: pos?.column,
        }),
      );
    }
    if (rendered.providers !== undefined && rendered.targets !== undefined) {
      problems.add(
        new ConfigError('Use either `providers` or `targets`, not both (targets is an alias of providers).', {
          file: file.display,
          keyPath: 'targets',
          line: file.locate?.(['targets'])?.line,
        }),
      );
    }
    if (!value) valid = false;
    // On a schema problem keep the unchecked value, so `validate` can still look for later problems.
    validated.push({ file: file.display, dir: dirname(file.path), config: (value as Raw | undefined) ?? rendered });
  }

  const combined = combineConfigs(validated);
  const raw = combineConfigs(files.map((f) => ({ file: f.display, dir: dirname(f.path), config: f.value }))).config;
  return {
    basePath: dirname(files[0]!.path),
    configFiles: files.map((f) => f.path),
    raw,
    config: combined.config as ConfigShape,
    origins: combined.origins,
    configEnv,
    mainFile: files[0]!.display,
    valid,
  };
}

async function readConfigFile(path: string, cwd: string, problems: Problems): Promise<ReadFile | undefined> {
  const display = isAbsolute(path) && !relative(cwd, path).startsWith('..') ? relative(cwd, path) : path;
  const ext = extname(path).toLowerCase();
  try {
    if (SCRIPT_EXTENSIONS.has(ext)) {
      let exported = pickExport(await importModule(path, cwd), undefined, `config ${display}`);
      if (typeof exported === 'function') exported = await (exported as () => unknown)();
      return { path, display, value: asObject(exported, display) };
    }
    const source = parseYamlSource(readFileSync(path, 'utf8'), display);
    return { path, display, value: asObject(source.value, display), locate: source.locate };
  } catch (err) {
    problems.addThrown(err, { file: display });
    return undefined;
  }
}

function asObject(value: unknown, display: string): Raw {
  if (value === null || value === undefined)
    throw new ConfigError('The config file is empty. Add prompts, providers and tests (see `assay init`).', {
      file: display,
    });
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `The config must be a mapping of keys (prompts, providers, tests, ...), got ${Array.isArray(value) ? 'a list' : typeof value}.`,
      { file: display },
    );
  }
  return value as Raw;
}
