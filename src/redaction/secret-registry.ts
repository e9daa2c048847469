// The secret values this process knows (credential env vars, API keys and header values from
// provider configs, OAuth tokens, proxy passwords) and the one scrub every write boundary uses:
// console, sinks, cache and error text all replace them by value, on the whole text, before any cut.

import { isPlainHeader, isSecretEnvName, isSecretName } from './secret-names.js';

export const REDACTED = '[REDACTED]';

/** Shorter values are too likely to be ordinary words or numbers to remove from every output. */
export const MIN_SECRET_LENGTH = 6;

// Per process on purpose: a secret one suite knows must not show up in another suite's outputs
// either, and two evaluate() calls in one process only ever add to the list.
const known = new Set<string>();
let pattern: RegExp | null | undefined;

/** Adds a secret value (and the forms it takes once JSON- or URL-encoded) to the list scrubbed everywhere. */
export function registerSecret(value: unknown): void {
  if (typeof value !== 'string') return;
  const secret = value.trim();
  if (!looksLikeSecret(secret)) return;
  for (const form of encodedForms(secret)) {
    if (form.length >= MIN_SECRET_LENGTH && !known.has(form)) {
      known.add(form);
      pattern = undefined;
    }
  }
  // `Bearer abc…` / `Basic abc…`: a server may echo the credential alone.
  const credential = /^[A-Za-z][\w-]*\s+(\S+)$/.exec(secret)?.[1];
  if (credential && credential !== secret) registerSecret(credential);
}

export function registerSecrets(values: Iterable<unknown>): void {
  for (const value of values) registerSecret(value);
}

/** Registers every header value except the plain ones (content-type, accept, user-agent…). */
export function registerHeaderSecrets(headers: Record<string, unknown> | undefined): void {
  if (!headers) return;
  for (const [name, value] of Object.entries(headers)) {
    if (!isPlainHeader(name)) registerSecret(value);
  }
}

/** Registers the values of env variables whose names say they hold a credential (`*_KEY`, `*_TOKEN`…). */
export function registerEnvSecrets(env: Record<string, string | undefined> = process.env): void {
  for (const [name, value] of Object.entries(env)) {
    if (value && isSecretEnvName(name)) registerSecret(value);
  }
}

/** Registers secret-named string fields anywhere in a config (except test vars), and every non-plain header value. */
export function registerConfigSecrets(value: unknown, pathWalkBudget = PATH_WALK_BUDGET): void {
  // A config of 50,000 inline tests is ~250,000 objects: the walk keeps only the objects on its
  // current path (for cycles) rather than a set of every object seen, and allocates nothing per
  // key. A value shared many times over (a DAG built in code) could make that walk long: past the
  // budget it starts over, remembering every object it has seen.
  const walk = new ConfigWalk(pathWalkBudget);
  if (!walk.visit(value)) new ConfigWalk(Number.POSITIVE_INFINITY, new WeakSet()).visit(value);
}

const PATH_WALK_BUDGET = 4_000_000;

class ConfigWalk {
  private readonly path = new Set<object>();

  constructor(
    private budget: number,
    private readonly seen?: WeakSet<object>,
  ) {}

  /** False when the budget ran out (the walk then stopped early). */
  visit(value: unknown): boolean {
    if (value === null || typeof value !== 'object') return true;
    if (this.path.has(value) || this.seen?.has(value)) return true;
    if (--this.budget < 0) return false;
    this.seen?.add(value);
    this.path.add(value);
    try {
      if (Array.isArray(value)) {
        for (const item of value) if (!this.visit(item)) return false;
        return true;
      }
      const obj = value as Record<string, unknown>;
      for (const key in obj) {
        // Test data is the user's to see: a var named `password` is what the prompt is about, not a credential of Assay's.
        if (key === 'vars' || !Object.hasOwn(obj, key)) continue;
        const item = obj[key];
        if (typeof item === 'string') {
          if (isSecretName(key) && !isTemplateOnly(item)) registerSecret(item);
        } else if (key.toLowerCase() === 'headers' && item && typeof item === 'object' && !Array.isArray(item)) {
          for (const [name, header] of Object.entries(item as Record<string, unknown>)) {
            if (!isPlainHeader(name) && typeof header === 'string' && !isTemplateOnly(header)) registerSecret(header);
          }
        } else if (!this.visit(item)) {
          return false;
        }
      }
      return true;
    } finally {
      this.path.delete(value);
    }
  }
}

/** The text with every known secret replaced by "[REDACTED]". Run it on the whole text, before truncating. */
export function scrubText(text: string): string {
  if (known.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
  const regex = currentPattern();
  if (!regex) return text;
  regex.lastIndex = 0;
  return regex.test(text) ? text.replace(regex, REDACTED) : text;
}

/** True when `text` holds a known secret (for tests and checks). */
export function containsKnownSecret(text: string): boolean {
  return scrubText(text) !== text;
}

export function knownSecretCount(): number {
  return known.size;
}

function currentPattern(): RegExp | null {
  if (pattern === undefined) {
    // Longest first, so a secret that contains another is replaced whole.
    const sources = [...known].sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = sources.length ? new RegExp(sources.join('|'), 'g') : null;
  }
  return pattern;
}

// A secret written into JSON (once, or twice when a JSON reply is stored as a string) or into a URL
// no longer matches its raw form; each encoded form is registered too.
function encodedForms(secret: string): string[] {
  const forms = new Set([secret]);
  const jsonOnce = JSON.stringify(secret).slice(1, -1);
  forms.add(jsonOnce);
  forms.add(JSON.stringify(jsonOnce).slice(1, -1));
  forms.add(encodeURIComponent(secret));
  try {
    forms.add(decodeURIComponent(secret));
  } catch {
    // Not percent-encoded: the raw form is enough.
  }
  return [...forms];
}

// Settings that happen to sit under a secret-looking name (`true`, `12`) are not credentials.
function looksLikeSecret(value: string): boolean {
  if (value.length < MIN_SECRET_LENGTH) return false;
  if (/^(true|false|null|undefined|none)$/i.test(value)) return false;
  if (/^\d{1,9}$/.test(value)) return false;
  return !isTemplateOnly(value);
}

// `{{ env.OPENAI_API_KEY }}` / `${OPENAI_API_KEY}` names a secret without holding it.
function isTemplateOnly(value: string): boolean {
  return /^\s*(\{\{[^}]*\}\}|\$\{[A-Za-z_][A-Za-z0-9_]*\})\s*$/.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
