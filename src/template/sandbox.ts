// The guards every template runs under: the compiled-template runtime with member lookups, calls
// and loops checked, so no template (config-authored or not) can reach JavaScript internals such as
// `Function`, and no template can make the process allocate or spin without bound.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `range()` returns at most this many numbers. */
export const MAX_RANGE_ITEMS = 10_000;
/** Loop iterations plus function and filter calls, per render. */
export const MAX_TEMPLATE_STEPS = 200_000;
/** Text a render may produce beyond twice the size of the string vars it was given. */
export const MAX_OUTPUT_CHARS = 16_000_000;
/**
 * Characters of string work per render: every read of a string name and every method or filter
 * call is charged the length of the strings it is handed. Each step above is cheap only for short
 * strings; this stops a loop scanning a 16 M-character string 100,000 times (minutes, with the
 * event loop blocked) while leaving room for any real prompt.
 */
export const MAX_TEMPLATE_WORK = 2_000_000_000;
/** Widths (`indent`, `center`, `padStart`) above this are refused. */
const MAX_WIDTH = 10_000;

/** Names a template may never read as a member (`x.constructor`, `x["__proto__"]`, `|attr`-style lookups). */
const BLOCKED_MEMBERS = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'caller',
  'callee',
  'arguments',
]);

// Values that open the way to code execution or prototype tampering; a lookup or call yielding one fails.
const AsyncFunction = (async () => undefined).constructor;
const GeneratorFunction = function* () {}.constructor;
const AsyncGeneratorFunction = async function* () {}.constructor;
const FORBIDDEN_VALUES = new Set<unknown>([
  Function,
  AsyncFunction,
  GeneratorFunction,
  AsyncGeneratorFunction,
  Object,
  Reflect,
  Proxy,
  globalThis,
  // biome-ignore lint/security/noGlobalEval: listed so a template can never reach it, not called
  eval,
  Function.prototype,
  Object.prototype,
  process,
  require,
]);

/** A template broke a sandbox rule; the render (and so the cell) fails with this message. */
export class TemplateSandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSandboxError';
  }
}

/** What one render has used so far; reset at the start of every render. */
export interface RenderBudget {
  steps: number;
  /** Characters of string work so far (MAX_TEMPLATE_WORK). */
  work?: number;
  output: number;
  outputLimit: number;
}

type Runtime = Record<string, unknown> & {
  memberLookup(obj: unknown, key: unknown): unknown;
  contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown;
  callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown;
  fromIterator(value: unknown): unknown;
  suppressValue(value: unknown, autoescape: boolean): string;
};

/** A copy of nunjucks' runtime with guarded lookups; nunjucks' own module is left untouched. */
export function createSandboxRuntime(budget: () => RenderBudget): Runtime {
  const base = require('nunjucks/src/runtime') as Runtime;
  const runtime: Runtime = Object.create(base);

  runtime.memberLookup = (obj, key) => {
    if (obj === undefined || obj === null) return undefined;
    const name = String(key);
    if (BLOCKED_MEMBERS.has(name)) throw new TemplateSandboxError(`Templates may not read "${name}".`);
    const value = checkValue((obj as Record<string, unknown>)[name], name);
    if (typeof value !== 'function') return value;
    return (...args: unknown[]) => {
      countStep(budget());
      chargeStrings(budget(), [obj, ...args], `"${name}()"`);
      checkMethodGrowth(obj, name, args, budget());
      return checkValue((value as (...a: unknown[]) => unknown).apply(obj, args), `${name}()`);
    };
  };

  runtime.contextOrFrameLookup = (context, frame, name) => {
    if (BLOCKED_MEMBERS.has(name) && name !== 'caller')
      throw new TemplateSandboxError(`Templates may not read "${name}".`);
    const value = base.contextOrFrameLookup(context, frame, name);
    // `{{ valueOf() }}` would otherwise find Object.prototype's methods through the vars object.
    if (value !== undefined && value === (Object.prototype as Record<string, unknown>)[name]) return undefined;
    // Loops build strings with `~` and `set` out of the runtime's sight; every read comes back here.
    if (typeof value === 'string') chargeStrings(budget(), [value], `"${name}"`);
    return checkValue(value, name);
  };

  runtime.callWrap = (fn, name, context, args) => {
    countStep(budget());
    chargeStrings(budget(), args, `"${name}()"`);
    checkValue(fn, name);
    const result = base.callWrap(fn, name, context, args);
    if (result === context) throw new TemplateSandboxError(`Templates may not call "${name}" that way.`);
    return checkValue(result, `${name}()`);
  };

  runtime.fromIterator = (value) => {
    const iterable = base.fromIterator(value);
    const size = Array.isArray(iterable)
      ? iterable.length
      : iterable && typeof iterable === 'object'
        ? Object.keys(iterable).length
        : 0;
    countStep(budget(), size);
    return iterable;
  };

  runtime.suppressValue = (value, autoescape) => {
    const text = base.suppressValue(value, autoescape);
    const used = budget();
    used.output += text.length;
    if (used.output > used.outputLimit)
      throw new TemplateSandboxError(`Template output exceeds ${used.outputLimit} characters.`);
    return text;
  };
  return runtime;
}

/** Wraps a filter so its calls count against the budget and growth filters cannot blow up memory. */
export function guardFilter(
  name: string,
  filter: (...args: unknown[]) => unknown,
  budget: () => RenderBudget,
): (...args: unknown[]) => unknown {
  return function guarded(this: unknown, ...args: unknown[]) {
    const used = budget();
    countStep(used);
    for (const arg of args)
      if (typeof arg === 'string' && arg.length > used.outputLimit)
        throw new TemplateSandboxError(`Filter "${name}" was given more than ${used.outputLimit} characters.`);
    chargeStrings(used, args, `Filter "${name}"`);
    if ((name === 'indent' || name === 'center') && typeof args[1] === 'number' && args[1] > MAX_WIDTH)
      throw new TemplateSandboxError(`Filter "${name}" width is capped at ${MAX_WIDTH}.`);
    if (name === 'replace') checkReplaceGrowth(args[0], args[2], used);
    const result = checkValue(filter.apply(this, args), `${name} filter`);
    if (typeof result === 'string' && result.length > used.outputLimit)
      throw new TemplateSandboxError(`Filter "${name}" produced more than ${used.outputLimit} characters.`);
    return result;
  };
}

/** nunjucks' `range`, refusing more than MAX_RANGE_ITEMS numbers before allocating any. */
export function boundedRange(start: number, stop?: number, step?: number): number[] {
  if (stop === undefined) [start, stop, step] = [0, start, 1];
  step = step || 1;
  const count = Math.ceil((Number(stop) - Number(start)) / step);
  if (!Number.isFinite(count)) throw new TemplateSandboxError('range() needs finite numbers.');
  if (count > MAX_RANGE_ITEMS)
    throw new TemplateSandboxError(`range() is capped at ${MAX_RANGE_ITEMS} items (asked for ${count}).`);
  const out: number[] = [];
  for (let i = 0, value = Number(start); i < count; i++, value += step) out.push(value);
  return out;
}

function countStep(used: RenderBudget, n = 1): void {
  used.steps += n;
  if (used.steps > MAX_TEMPLATE_STEPS)
    throw new TemplateSandboxError(`Template ran more than ${MAX_TEMPLATE_STEPS} loop iterations and calls.`);
}

/** Refuses a string past the output limit and charges the lengths of `values` to the work budget. */
function chargeStrings(used: RenderBudget, values: unknown[], what: string): void {
  let chars = 0;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    if (value.length > used.outputLimit)
      throw new TemplateSandboxError(`${what} handled a string of more than ${used.outputLimit} characters.`);
    chars += value.length;
  }
  used.work = (used.work ?? 0) + chars;
  if (used.work > MAX_TEMPLATE_WORK)
    throw new TemplateSandboxError(`Template did more than ${MAX_TEMPLATE_WORK} characters of string work.`);
}

function checkValue(value: unknown, what: string): unknown {
  if ((typeof value === 'function' || typeof value === 'object') && FORBIDDEN_VALUES.has(value)) {
    throw new TemplateSandboxError(`Templates may not use "${what}".`);
  }
  return value;
}

/** String and array methods that can grow their result far beyond their inputs are checked first. */
function checkMethodGrowth(receiver: unknown, name: string, args: unknown[], used: RenderBudget): void {
  const limit = used.outputLimit;
  const length = (v: unknown) => (typeof v === 'string' || Array.isArray(v) ? v.length : String(v ?? '').length);
  let estimate = 0;
  if (name === 'repeat') estimate = length(receiver) * Number(args[0] ?? 0);
  else if (name === 'padStart' || name === 'padEnd') estimate = Number(args[0] ?? 0) > MAX_WIDTH ? Infinity : 0;
  else if (name === 'replace' || name === 'replaceAll') return checkReplaceGrowth(receiver, args[1], used);
  else if (name === 'join' && Array.isArray(receiver))
    estimate = receiver.reduce((sum: number, item) => sum + length(item), 0) + receiver.length * length(args[0] ?? ',');
  else if (name === 'concat') estimate = length(receiver) + args.reduce((sum: number, arg) => sum + length(arg), 0);
  if (!(estimate <= limit)) throw new TemplateSandboxError(`"${name}()" would produce more than ${limit} characters.`);
}

function checkReplaceGrowth(text: unknown, replacement: unknown, used: RenderBudget): void {
  if (typeof text !== 'string' || typeof replacement !== 'string') return;
  // Worst case: every position of the text matches (an empty pattern).
  if ((text.length + 1) * replacement.length + text.length > used.outputLimit) {
    throw new TemplateSandboxError(`replace would produce more than ${used.outputLimit} characters.`);
  }
}
