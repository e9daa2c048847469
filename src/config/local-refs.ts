// `$ref: '#/…'` references inside a config file (e.g. to a shared `assertionTemplates:` block),
// resolved to a copy of the value they point at, as promptfoo's reference parser does. A pointer
// that does not resolve in the config is left alone: JSON schemas inside the config use `$ref`
// for their own definitions.

import { ConfigError } from '../errors.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Values the resolved config may hold. Each `$ref` copies its target, so refs to refs multiply
 * like YAML aliases do ("billion laughs" through `$ref`); real configs stay far below this.
 */
export const MAX_REF_EXPANSION = 1_000_000;

/** RFC 6901 pointer lookup; undefined when any step is missing. */
function lookup(root: unknown, pointer: string): { found: boolean; value?: unknown } {
  let current: unknown = root;
  for (const raw of pointer.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(key) && Number(key) < current.length) current = current[Number(key)];
    else if (isObj(current) && Object.hasOwn(current, key)) current = current[key];
    else return { found: false };
  }
  return { found: true, value: current };
}

/** The config with every resolvable local `$ref` replaced; sibling keys override the target's. */
export function resolveLocalRefs<T>(config: T, file?: string): T {
  if (!containsRef(config)) return config;
  let produced = 0;
  const walk = (value: unknown, trail: string[]): unknown => {
    if (++produced > MAX_REF_EXPANSION) {
      throw new ConfigError(
        `Resolving $ref expands the config past ${MAX_REF_EXPANSION.toLocaleString('en-US')} values (references to references multiply, as a "billion laughs" file does), so it was not loaded. Reference fewer levels deep or write the values out.`,
        { file },
        'CONFIG_INVALID',
      );
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, trail));
    if (!isObj(value)) return value;
    const ref = value.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      const target = lookup(config, ref);
      if (target.found) {
        if (trail.includes(ref))
          throw new ConfigError(`$ref "${ref}" refers to itself (through ${trail.join(' → ')}).`, { file });
        const { $ref: _ignored, ...siblings } = value;
        const resolved = walk(structuredClone(target.value), [...trail, ref]);
        return isObj(resolved) ? { ...resolved, ...walkEntries(siblings, trail) } : resolved;
      }
    }
    return walkEntries(value, trail);
  };
  const walkEntries = (value: Obj, trail: string[]): Obj =>
    Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, trail)]));
  return walk(config, []) as T;
}

function containsRef(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsRef);
  if (!isObj(value)) return false;
  return typeof value.$ref === 'string' || Object.values(value).some(containsRef);
}
