// Load-time rendering of `{{ env.X }}` in a config. Only expressions that reference `env` are
// rendered; every other template is left for run time. An env variable that is not set (and has
// no filter such as `| default`) leaves the expression verbatim, as promptfoo does.

import { currentTemplateEngine, type TemplateEngine } from '../template/environment.js';
import { mapStrings } from '../template/map-strings.js';

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
  return mapStrings(value, (text) => renderEnvString(text, env, shared));
}

/**
 * True when some string in the value holds an expression that could mention `env` (a value
 * without any is rendered to an equal copy, so a 50,000-test config need not be copied).
 */
export function holdsEnvTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') && value.includes('env');
  if (Array.isArray(value)) {
    for (const item of value) if (holdsEnvTemplate(item)) return true;
    return false;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key in value) if (holdsEnvTemplate((value as Record<string, unknown>)[key])) return true;
  }
  return false;
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
