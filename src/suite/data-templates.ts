// Tests read from data files (CSV, JSON, YAML, generators) are data: their vars are never
// rendered, and their other fields (assertion values, metric names, provider configs) may use
// templates over vars but may not read `env`, so a shared tests file cannot copy a secret from the
// environment into a prompt, a grader request or an output file.

import { createRequire } from 'node:module';
import { isAbsolute, relative, sep } from 'node:path';
import { resolveRefPath } from '../config/file-ref.js';
import { ConfigError } from '../errors.js';
import { joinKeyPath } from '../config/schema-issues.js';
import type { TestCase } from './types.js';

const require = createRequire(import.meta.url);
const TAG_START = /\{\{|\{%|\{#/;

/** Where a value sits in a test: its container's place and its key there; the text only for an error. */
interface Place {
  parent: Place | undefined;
  key: string;
  inList: boolean;
}

function placeText(place: Place): string {
  const parent = place.parent ? placeText(place.parent) : '';
  if (!place.parent) return place.key;
  return place.inList ? `${parent}[${place.key}]` : `${parent}.${place.key}`;
}

/**
 * Frozen objects found clean: they cannot change, and a large CSV shares one assertion object
 * (`javascript: output.length > 10`) among all its rows, so it is looked through once. Replaced by
 * an empty set once it holds CLEAN_FROZEN_LIMIT objects (a shared object is then looked through once
 * more): a CSV row's own frozen assertions are found clean too, and one set of all 100,000 rows'
 * held a 4 MB table for the whole run. Weak, so a finished suite's objects are not kept alive.
 */
const CLEAN_FROZEN_LIMIT = 1000;
let cleanFrozen = new WeakSet<object>();
let cleanFrozenCount = 0;

function rememberClean(value: object): void {
  if (cleanFrozenCount >= CLEAN_FROZEN_LIMIT) {
    cleanFrozen = new WeakSet<object>();
    cleanFrozenCount = 0;
  }
  cleanFrozen.add(value);
  cleanFrozenCount++;
}

/** One ConfigError per string outside `vars` whose templates name `env`. */
export function findEnvTemplates(test: TestCase, location: { file?: string; keyPath: string }): ConfigError[] {
  // Most tests (every row of a plain CSV) hold no string that could read `env`: looked through
  // once without allocating, where the walk below builds a set, a stack and a place per value.
  if (!mayReadEnv(test, 0, true)) return [];
  const errors: ConfigError[] = [];
  // Iterative and cycle-safe: a generator's objects can nest deeper than any fixed bound or loop.
  const seen = new WeakSet<object>();
  const stack: Array<{ value: unknown; place: Place }> = [];
  for (const key of Object.keys(test)) {
    if (key !== 'vars')
      stack.push({ value: (test as Record<string, unknown>)[key], place: { parent: undefined, key, inList: false } });
  }
  while (stack.length > 0) {
    const { value, place } = stack.pop()!;
    if (typeof value === 'string') {
      if (!readsEnv(value)) continue;
      errors.push(
        new ConfigError(
          'Templates in a tests file may not read `env` (a tests file is data). Move the value into the config, or reference a var instead.',
          { file: location.file, keyPath: joinKeyPath(location.keyPath, placeText(place)) },
        ),
      );
    } else if (value && typeof value === 'object' && !seen.has(value) && !cleanFrozen.has(value)) {
      seen.add(value);
      if (Object.isFrozen(value) && isShallowClean(value)) {
        rememberClean(value);
        continue;
      }
      const inList = Array.isArray(value);
      for (const key of Object.keys(value))
        stack.push({ value: (value as Record<string, unknown>)[key], place: { parent: place, key, inList } });
    }
  }
  return errors;
}

/** Past this depth mayReadEnv gives up (says true): the walk above handles cycles and deep nesting. */
const MAY_READ_ENV_DEPTH = 16;

/**
 * False when no string in `value` (outside a test's top-level `vars`) has both a template tag and
 * `env` in it, the two things readsEnv needs before it parses: then findEnvTemplates finds nothing.
 */
function mayReadEnv(value: unknown, depth: number, isTest: boolean): boolean {
  if (typeof value === 'string') return TAG_START.test(value) && value.includes('env');
  if (!value || typeof value !== 'object') return false;
  if (depth >= MAY_READ_ENV_DEPTH) return true;
  // Object.keys for lists too, as the walk reads them (holes skipped, other own keys read).
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (isTest && key === 'vars') continue;
    if (mayReadEnv((value as Record<string, unknown>)[key], depth + 1, false)) return true;
  }
  return false;
}

/** True for an object whose values are all strings that read no `env`, or other non-objects. */
function isShallowClean(value: object): boolean {
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item && typeof item === 'object') return false;
    if (typeof item === 'string' && readsEnv(item)) return false;
  }
  return true;
}

/**
 * True when the template names the `env` variable anywhere. Decided on Nunjucks' own parse tree,
 * not on the text, so string literals (`{{ "}}" ~ env.KEY }}`), comments and whitespace control
 * cannot hide the name. A template that does not parse is not rendered, so it reads nothing.
 */
function readsEnv(text: string): boolean {
  if (!TAG_START.test(text) || !text.includes('env')) return false;
  let root: unknown;
  try {
    root = (require('nunjucks/src/parser') as { parse(src: string): unknown }).parse(text);
  } catch {
    return false;
  }
  const nodes: unknown[] = [root];
  while (nodes.length > 0) {
    const node = nodes.pop();
    if (!node || typeof node !== 'object') continue;
    const named = node as { typename?: string; value?: unknown };
    if (named.typename === 'Symbol' && named.value === 'env') return true;
    for (const child of Object.values(node)) if (child && typeof child === 'object') nodes.push(child);
  }
  return false;
}

const SCRIPT_FILE = /\.(?:[cm]?js|[cm]?ts|py)(?::[\w$]+)?$/i;

/** True for a tests generator (a script the config names): its tests are code the author chose, not data. */
export function isTestGenerator(file: string | undefined): boolean {
  return file !== undefined && SCRIPT_FILE.test(file);
}

/**
 * One ConfigError per `file://` var value of a tests file that would run a script or read outside
 * the config's folder: a data file's vars are data, so a CSV cell may name a document next to the
 * config, not `file:///home/me/.ssh/id_rsa` (sent to the model, written to every output) or a script.
 */
export function findUnsafeVarFiles(
  test: TestCase,
  basePath: string,
  location: { file?: string; keyPath: string },
): ConfigError[] {
  const errors: ConfigError[] = [];
  const vars = test.vars ?? {};
  for (const name of Object.keys(vars)) {
    const value = vars[name];
    // Most values (every plain CSV cell) name no file: nothing to build for them.
    if (typeof value === 'string' && !value.startsWith('file://')) continue;
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, index) => {
      if (typeof item !== 'string' || !item.startsWith('file://')) return;
      const path = item.slice('file://'.length);
      const keyPath = joinKeyPath(location.keyPath, `vars.${name}${Array.isArray(value) ? `[${index}]` : ''}`);
      const inside = relative(basePath, resolveRefPath(item, basePath));
      if (SCRIPT_FILE.test(path)) {
        errors.push(
          new ConfigError(
            `A tests file's var may not name a script (${item}): a tests file is data. Name the script in the config instead.`,
            { file: location.file, keyPath },
          ),
        );
      } else if (isAbsolute(inside) || inside === '..' || inside.startsWith(`..${sep}`)) {
        errors.push(
          new ConfigError(
            `A tests file's var may only name files inside the config's folder (${item} is outside ${basePath}): a tests file is data.`,
            { file: location.file, keyPath },
          ),
        );
      }
    });
  }
  return errors;
}
