// Builds ProviderEntry objects from `providers:` (ids, objects, map form, file:// provider lists,
// and for library users Provider objects, promptfoo-style `callApi` objects and functions).

import { extname } from 'node:path';
import { ConfigError } from '../errors.js';
import { renderEnvDeep, renderEnvString } from '../config/env-render.js';
import { readDataFile, requireFile, resolveRefPath } from '../config/file-ref.js';
import type { Origin } from '../config/merge.js';
import type { Problems } from '../config/problems.js';
import { joinKeyPath } from '../config/schema-issues.js';
import { fromUserProvider } from '../providers/custom.js';
import { createProvider } from '../providers/registry.js';
import { isProvider, type Provider } from '../providers/types.js';
import type { ProviderEntry, ProviderSpec, ScriptSource } from './types.js';

type Raw = Record<string, unknown>;
type UserFunction = Parameters<typeof fromUserProvider>[0];

/** A provider entry before it is built: a spec from config, or a ready object from library code. */
export type ProviderDraft =
  | { kind: 'spec'; spec: ProviderSpec; origin: Origin; idKeyPath: string }
  | { kind: 'ready'; entry: ProviderEntry; origin: Origin };

const PROVIDER_LIST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Normalises config entries into drafts; `file://providers.yaml` lists are expanded here. */
export function draftProviders(
  entries: ReadonlyArray<{ item: unknown; origin: Origin }>,
  basePath: string,
  problems: Problems,
): ProviderDraft[] {
  const drafts: ProviderDraft[] = [];
  let functionIndex = 0;
  for (const { item, origin } of entries) {
    const location = { file: origin.file, keyPath: origin.keyPath };
    try {
      if (typeof item === 'function') {
        const fn = item as UserFunction & { label?: string };
        const id =
          typeof fn.label === 'string'
            ? fn.label
            : functionIndex++ === 0
              ? 'custom-function'
              : `custom-function-${functionIndex - 1}`;
        drafts.push({
          kind: 'ready',
          entry: { provider: fromUserProvider(fn, id, fn.label, undefined), label: fn.label },
          origin,
        });
      } else if (isProvider(item)) {
        drafts.push({ kind: 'ready', entry: { provider: item, label: item.label }, origin });
      } else if (item && typeof item === 'object' && typeof (item as Raw).callApi === 'function') {
        const obj = item as Raw;
        const id = typeof obj.id === 'string' ? obj.id : 'custom-provider';
        const label = typeof obj.label === 'string' ? obj.label : undefined;
        const provider = fromUserProvider(obj as UserFunction, id, label, obj.config as Raw | undefined);
        drafts.push({
          kind: 'ready',
          entry: {
            provider,
            label,
            delay: obj.delay as number | undefined,
            transform: obj.transform as ScriptSource | undefined,
          },
          origin,
        });
      } else if (
        typeof item === 'string' &&
        item.startsWith('file://') &&
        PROVIDER_LIST_EXTENSIONS.has(extname(item).toLowerCase())
      ) {
        const absolute = resolveRefPath(item, basePath);
        requireFile(absolute, location, 'Provider file');
        const loaded = readDataFile(absolute);
        const list = Array.isArray(loaded) ? loaded : [loaded];
        list.forEach((entry, index) => drafts.push(specDraft(entry, { file: absolute, keyPath: `[${index}]` })));
      } else {
        drafts.push(specDraft(item, origin));
      }
    } catch (err) {
      problems.addThrown(err, location);
    }
  }
  return drafts;
}

function specDraft(item: unknown, origin: Origin): ProviderDraft {
  if (typeof item === 'string') return { kind: 'spec', spec: { id: item }, origin, idKeyPath: origin.keyPath };
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const obj = item as Raw;
    if (typeof obj.id === 'string')
      return { kind: 'spec', spec: obj as unknown as ProviderSpec, origin, idKeyPath: `${origin.keyPath}.id` };
    const keys = Object.keys(obj);
    const inner = keys.length === 1 ? obj[keys[0]!] : undefined;
    if (keys.length === 1 && (inner === null || (typeof inner === 'object' && !Array.isArray(inner)))) {
      // Map form: `- openai:gpt-4: {config: ...}`; the key is the id unless the inner object has one.
      const spec = { id: keys[0]!, ...(inner as Raw | null) } as ProviderSpec;
      return { kind: 'spec', spec, origin, idKeyPath: origin.keyPath };
    }
    if (keys.length === 1 && typeof inner === 'string') {
      // `- exec: node app.js` unquoted is a YAML map {exec: 'node app.js'}, not the id string.
      throw new ConfigError(
        `YAML read this provider as the map {${keys[0]}: ${JSON.stringify(inner)}}, not an id. Quote it: - '${keys[0]}: ${inner}'`,
        { file: origin.file, keyPath: origin.keyPath },
      );
    }
  }
  throw new ConfigError(
    'A provider needs an `id` (e.g. `echo` or `databricks:<endpoint>`), or must be written as `<id>: {config: ...}`.',
    { file: origin.file, keyPath: origin.keyPath },
  );
}

/**
 * Applies `--providers`: each value picks config providers by exact id, then exact label, then id
 * suffix `:<value>`; a value matching none becomes a new provider.
 */
export function selectProviders(drafts: ProviderDraft[], wanted: readonly string[]): ProviderDraft[] {
  const out: ProviderDraft[] = [];
  const idOf = (d: ProviderDraft) => (d.kind === 'spec' ? d.spec.id : d.entry.provider.id());
  const labelOf = (d: ProviderDraft) => (d.kind === 'spec' ? d.spec.label : d.entry.label);
  for (const value of wanted) {
    let matches = drafts.filter((d) => idOf(d) === value);
    if (!matches.length) matches = drafts.filter((d) => labelOf(d) === value);
    if (!matches.length) matches = drafts.filter((d) => idOf(d).endsWith(`:${value}`));
    if (matches.length) out.push(...matches.filter((m) => !out.includes(m)));
    else out.push({ kind: 'spec', spec: { id: value }, origin: { keyPath: '--providers' }, idKeyPath: '--providers' });
  }
  return out;
}

/**
 * Builds one provider from a spec: `{{ env.X }}` in its id and config rendered against process.env,
 * the suite's `env:` and the spec's own `env:`. Every provider a suite names is built this way.
 */
export async function createFromSpec(
  spec: ProviderSpec,
  basePath: string,
  suiteEnv: Record<string, string>,
): Promise<Provider> {
  const env: Record<string, string> = { ...suiteEnv };
  for (const [key, value] of Object.entries(spec.env ?? {})) env[key] = String(value);
  const templateEnv = { ...process.env, ...env };
  const id = renderEnvString(spec.id, templateEnv);
  const unsetVar = unsetEnvIn(id);
  if (unsetVar) throw new ConfigError(unsetEnvMessage(id, unsetVar), { keyPath: 'id' }, 'PROVIDER_ENV_UNSET');
  const config = renderEnvDeep(spec.config ?? {}, templateEnv);
  const provider = await createProvider({ id, label: spec.label, config, env, basePath });
  if (spec.label && !provider.label) provider.label = spec.label;
  return provider;
}

/** Builds every draft through the registry. Configuration errors are recorded with their location. */
export async function buildProviders(
  drafts: readonly ProviderDraft[],
  basePath: string,
  suiteEnv: Record<string, string>,
  problems: Problems,
): Promise<ProviderEntry[]> {
  const entries: ProviderEntry[] = [];
  for (const draft of drafts) {
    if (draft.kind === 'ready') {
      entries.push(draft.entry);
      continue;
    }
    const { spec, origin } = draft;
    try {
      const provider = await createFromSpec(spec, basePath, suiteEnv);
      const entry: ProviderEntry = { provider, label: spec.label ?? provider.label };
      if (spec.prompts) entry.prompts = spec.prompts;
      if (spec.transform !== undefined) entry.transform = spec.transform;
      if (spec.delay !== undefined) entry.delay = spec.delay;
      entries.push(entry);
    } catch (err) {
      // Errors about the id itself (unknown prefix, an unset env var in it) point at the id's key.
      const unknown =
        err instanceof ConfigError && (err.code === 'PROVIDER_UNKNOWN' || err.code === 'PROVIDER_ENV_UNSET');
      if (err instanceof ConfigError && !unknown && !err.location.file && err.location.keyPath) {
        // A provider names the key inside its own entry (`config.url`); place it in the file.
        const keyPath = joinKeyPath(origin.keyPath, err.location.keyPath);
        problems.add(new ConfigError(err.detail, { file: origin.file, keyPath }, err.code, { cause: err }));
      } else if (unknown) {
        // createFromSpec names only `id`; say which file and which entry's id.
        problems.add(
          new ConfigError(err.detail, { file: origin.file, keyPath: draft.idKeyPath }, err.code, { cause: err }),
        );
      } else {
        problems.addThrown(err, { file: origin.file, keyPath: origin.keyPath });
      }
    }
  }
  return entries;
}

/** The env var a provider id still refers to after rendering (so it is unset), if any. */
function unsetEnvIn(id: string): string | undefined {
  return /\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/.exec(id)?.[1];
}

function unsetEnvMessage(id: string, name: string): string {
  // The quickstart's WebSocket URL comes from the emulator, which prints the variables it sets.
  const quickstart = name.startsWith('ASSAY_')
    ? ` For the quickstart, run \`assay emulate\` in another terminal: it starts the local servers and prints the ${name}=… line to export.`
    : '';
  return `Provider id "${id}" uses {{ env.${name} }}, but ${name} is not set. Set it in the environment, in a .env file (--env-file) or under \`env:\` in the config.${quickstart}`;
}
