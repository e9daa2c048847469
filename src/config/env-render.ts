// Load-time rendering of `{{ env.X }}` in a config. Only expressions that reference `env` are
// rendered; every other template is left for run time. An env variable that is not set (and has
// no filter such as `| default`) leaves the expression verbatim, as promptfoo does.

import { currentTemplateEngine, type TemplateEngine } from '../template/environment.js';

type Env = Record<string, string | undefined>;

const EXPRESSION = /\{\{([\s\S]*?)\}\}/g;
const REFERENCES_ENV = /\benv\s*(?:\.|\[)/;
const ENV_NAMES = /\benv\.([A-Za-z_$][\w$]*)|\benv\[\s*['"]([^'"]+)['"]\s*\]/g;

/** Renders env expressions in one string (in the current suite's environment unless given one). */
export function renderEnvString(text: string, env: Env, engine: () => TemplateEngine = currentTemplateEngine): string {
  if (!text.includes('{{') || !text.includes('env')) return text;
  return text.replace(EXPRESSION, (whole, inner: string) => {
    if (!REFERENCES_ENV.test(inner)) return whole;
    const hasFilter = inner.includes('|');
    for (const match of inner.matchAll(ENV_NAMES)) {
      const name = match[1] ?? match[2]!;
      if (env[name] === undefined && !hasFilter) return whole;
    }
    try {
      return engine().render(whole, { env });
    } catch {
      return whole;
    }
  });
}

/** Renders env expressions in every string of a JSON-like value; functions and class instances pass through. */
export function renderEnvDeep<T>(value: T, env: Env): T {
  // One environment for the whole value, made only if some string needs it.
  let engine: TemplateEngine | undefined;
  const shared = () => (engine ??= currentTemplateEngine());
  return mapStringsSharing(value, (text) => renderEnvString(text, env, shared));
}

/**
 * mapStrings that copies only the objects and arrays in which a string changed: a config without
 * env templates (a 50,000-test suite, say) comes back as the same value, not a second copy of it.
 */
function mapStringsSharing<T>(value: T, replace: (text: string) => string): T {
  if (typeof value === 'string') return replace(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = mapStringsSharing(item, replace);
      if (next !== item) (out ??= value.slice())[i] = next;
    }
    return (out ?? value) as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let out: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = mapStringsSharing(item, replace);
      if (next !== item) (out ??= { ...(value as Record<string, unknown>) })[key] = next;
    }
    return (out ?? value) as T;
  }
  return value;
}

/**
 * The env a config sees: its `env:` block rendered against process.env, then overlaid on
 * process.env. Returns both the rendered block and the overlay.
 */
export function resolveConfigEnv(block: Record<string, string> | undefined): {
  configEnv: Record<string, string>;
  templateEnv: Env;
} {
  const processEnv: Env = { ...process.env };
  const configEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(block ?? {})) configEnv[key] = renderEnvString(String(value), processEnv);
  return { configEnv, templateEnv: { ...processEnv, ...configEnv } };
}
