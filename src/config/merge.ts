// Merges several configs (`-c a.yaml -c b.yaml`) the way promptfoo's combineConfigs does, and
// records which file and key each prompt, provider and test came from, for error messages.

import { isAbsolute, resolve } from 'node:path';
import { formatKeyPath } from './source.js';

export interface Origin {
  file?: string;
  keyPath: string;
}

export interface CombinedConfig {
  config: Record<string, unknown>;
  origins: { prompts: Origin[]; providers: Origin[]; tests: Origin[] };
}

type Raw = Record<string, unknown>;

/** Lists a possibly-single value, with the key path of each item. */
export function listWithPaths(value: unknown, key: string): Array<{ item: unknown; keyPath: string }> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((item, index) => ({ item, keyPath: formatKeyPath([key, index]) }));
  if (key === 'prompts' && typeof value === 'object' && typeof value !== 'function') {
    // Legacy map form `{path: label}` becomes a list of {raw, label}.
    return Object.entries(value as Raw).map(([raw, label]) => ({
      item: { raw, label },
      keyPath: formatKeyPath([key, raw]),
    }));
  }
  return [{ item: value, keyPath: key }];
}

function identity(value: unknown): string | undefined {
  if (typeof value === 'function') return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** Merges two defaultTest objects: vars/options/metadata shallow-merged, assert concatenated, else later wins. */
export function mergeTestDefaults(a: Raw | undefined, b: Raw | undefined): Raw | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: Raw = { ...a, ...b };
  for (const key of ['vars', 'options', 'metadata']) {
    if (a[key] !== undefined || b[key] !== undefined)
      out[key] = { ...(a[key] as Raw | undefined), ...(b[key] as Raw | undefined) };
  }
  if (a.assert !== undefined || b.assert !== undefined)
    out.assert = [...((a.assert as unknown[]) ?? []), ...((b.assert as unknown[]) ?? [])];
  return out;
}

const PATH_LIKE = /^[^\s]+\.(?:txt|md|j2|json|jsonl|ya?ml|csv|[cm]?[jt]s|py)(?::[\w$]+)?$/;

/** Makes a relative path reference absolute, for configs that live in another folder than the first. */
function absolutize(value: unknown, dir: string | undefined): unknown {
  if (!dir) return value;
  if (typeof value === 'string') {
    const scheme = value.startsWith('file://');
    const path = scheme ? value.slice(7) : value;
    if (!scheme && !PATH_LIKE.test(value)) return value;
    if (isAbsolute(path)) return value;
    return `${scheme ? 'file://' : ''}${resolve(dir, path)}`;
  }
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const obj = value as Raw;
    const out: Raw = { ...obj };
    for (const key of ['id', 'raw', 'path']) if (typeof obj[key] === 'string') out[key] = absolutize(obj[key], dir);
    return out;
  }
  return value;
}

export function combineConfigs(files: ReadonlyArray<{ file?: string; dir?: string; config: Raw }>): CombinedConfig {
  if (files.length === 1) {
    const only = files[0]!;
    const config = { ...only.config };
    const origins = originsOf(only.file, config);
    if (config.targets !== undefined && config.providers === undefined) {
      config.providers = config.targets;
      delete config.targets;
    }
    return { config, origins };
  }
  const baseDir = files[0]?.dir;
  const out: Raw = {};
  const origins: CombinedConfig['origins'] = { prompts: [], providers: [], tests: [] };
  const seen = { prompts: new Set<string>(), providers: new Set<string>() };
  const descriptions: string[] = [];
  for (const { file, dir, config: given } of files) {
    const config = dir === baseDir ? given : absolutizeConfig(given, dir);
    for (const key of ['prompts', 'providers'] as const) {
      const source = key === 'providers' ? (config.providers ?? config.targets) : config[key];
      for (const { item, keyPath } of listWithPaths(
        source,
        key === 'providers' && config.providers === undefined ? 'targets' : key,
      )) {
        const id = identity(item);
        if (id !== undefined && seen[key].has(id)) continue;
        if (id !== undefined) seen[key].add(id);
        ((out[key] ??= []) as unknown[]).push(item);
        origins[key].push({ file, keyPath });
      }
    }
    for (const { item, keyPath } of listWithPaths(config.tests, 'tests')) {
      ((out.tests ??= []) as unknown[]).push(item);
      origins.tests.push({ file, keyPath });
    }
    for (const key of ['scenarios', 'derivedMetrics', 'extensions', 'outputPath']) {
      if (config[key] !== undefined)
        out[key] = [...((out[key] as unknown[]) ?? []), ...listWithPaths(config[key], key).map((x) => x.item)];
    }
    for (const key of ['env', 'nunjucksFilters', 'evaluateOptions', 'commandLineOptions', 'tags', 'metadata']) {
      if (config[key] !== undefined) out[key] = { ...(out[key] as Raw | undefined), ...(config[key] as Raw) };
    }
    if (typeof config.defaultTest === 'string' || typeof out.defaultTest === 'string') {
      // A `file://` defaultTest wins over objects, as in promptfoo.
      if (typeof config.defaultTest === 'string' || config.defaultTest === undefined)
        out.defaultTest = config.defaultTest ?? out.defaultTest;
    } else {
      out.defaultTest = mergeTestDefaults(out.defaultTest as Raw | undefined, config.defaultTest as Raw | undefined);
    }
    if (config.description !== undefined) descriptions.push(String(config.description));
    if (config.sharing !== undefined) out.sharing = out.sharing === false ? false : config.sharing;
    for (const [key, value] of Object.entries(config)) {
      if (!(key in out) && key !== 'targets' && key !== 'description' && value !== undefined) out[key] = value;
    }
  }
  if (descriptions.length) out.description = descriptions.join(', ');
  if (out.defaultTest === undefined) delete out.defaultTest;
  return { config: out, origins };
}

function absolutizeConfig(config: Raw, dir: string | undefined): Raw {
  const out: Raw = { ...config };
  for (const key of ['prompts', 'providers', 'targets', 'tests', 'scenarios']) {
    const value = config[key];
    if (Array.isArray(value)) out[key] = value.map((item) => absolutize(item, dir));
    else if (typeof value === 'string') out[key] = absolutize(value, dir);
  }
  if (typeof config.defaultTest === 'string') out.defaultTest = absolutize(config.defaultTest, dir);
  if (config.nunjucksFilters && typeof config.nunjucksFilters === 'object') {
    out.nunjucksFilters = Object.fromEntries(
      Object.entries(config.nunjucksFilters as Raw).map(([k, v]) => [k, absolutize(v, dir)]),
    );
  }
  return out;
}

function originsOf(file: string | undefined, config: Raw): CombinedConfig['origins'] {
  const of = (key: string) => listWithPaths(config[key], key).map(({ keyPath }) => ({ file, keyPath }));
  return {
    prompts: of('prompts'),
    providers: config.providers === undefined ? of('targets') : of('providers'),
    tests: of('tests'),
  };
}
