// Text checks: equals, contains and its -any/-all/i- variants, regex, starts-with, word-count.
// Each grades the output text against the rendered value; `not-` is applied by the aggregator.

import { isDeepStrictEqual } from 'node:util';
import { AssayError } from '../../errors.js';
import { invalid, verdict, type CheckResult } from '../engine/check-result.js';
import { parseListValue } from './list-value.js';
import type { AssertionContext } from '../types.js';

function fail(type: string, message: string): never {
  throw new AssayError('ASSERTION_INVALID', `"${type}" assertion ${message}`);
}

export function equals({ value, outputString }: AssertionContext): CheckResult {
  if (value !== null && typeof value === 'object') {
    let pass = false;
    try {
      pass = isDeepStrictEqual(value, JSON.parse(outputString));
    } catch {
      // Output that is not JSON cannot equal an object value.
    }
    const expected = JSON.stringify(value);
    return verdict(pass, (not) => `Expected output "${outputString}" to ${not}equal "${expected}"`);
  }
  const expected = String(value);
  return verdict(expected === outputString, (not) => `Expected output "${outputString}" to ${not}equal "${expected}"`);
}

function needle(type: string, value: unknown): string {
  if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && !Number.isNaN(value)))
    return String(value);
  return fail(type, 'must have a string or number value');
}

export function contains({ value, outputString }: AssertionContext): CheckResult {
  const text = needle('contains', value);
  return verdict(outputString.includes(text), (not) => `Expected output to ${not}contain "${text}"`);
}

export function icontains({ value, outputString }: AssertionContext): CheckResult {
  const text = needle('icontains', value);
  const pass = outputString.toLowerCase().includes(text.toLowerCase());
  return verdict(pass, (not) => `Expected output to ${not}contain "${text}"`);
}

function anyOf(type: string, ctx: AssertionContext, fold: (s: string) => string): CheckResult {
  const items = parseListValue(ctx.value, type).map(String);
  const output = fold(ctx.outputString);
  const pass = items.some((item) => output.includes(fold(item)));
  return verdict(pass, (not) => `Expected output to ${not}contain one of "${items.join(', ')}"`);
}

function allOf(type: string, ctx: AssertionContext, fold: (s: string) => string): CheckResult {
  const items = parseListValue(ctx.value, type).map(String);
  const output = fold(ctx.outputString);
  const missing = items.filter((item) => !output.includes(fold(item)));
  return verdict(
    missing.length === 0,
    (not) => `Expected output to ${not}contain all of [${items.join(', ')}]. Missing: [${missing.join(', ')}]`,
  );
}

const same = (s: string): string => s;
const lower = (s: string): string => s.toLowerCase();

export const containsAny = (ctx: AssertionContext): CheckResult => anyOf('contains-any', ctx, same);
export const icontainsAny = (ctx: AssertionContext): CheckResult => anyOf('icontains-any', ctx, lower);
export const containsAll = (ctx: AssertionContext): CheckResult => allOf('contains-all', ctx, same);
export const icontainsAll = (ctx: AssertionContext): CheckResult => allOf('icontains-all', ctx, lower);

const compiledPatterns = new Map<string, RegExp | Error>();

export function regex({ value, outputString }: AssertionContext): CheckResult {
  if (typeof value !== 'string' || value === '') fail('regex', 'must have a string value (the pattern)');
  let pattern = compiledPatterns.get(value);
  if (!pattern) {
    try {
      pattern = new RegExp(value);
    } catch (err) {
      pattern = err as Error;
    }
    if (compiledPatterns.size > 1000) compiledPatterns.clear();
    compiledPatterns.set(value, pattern);
  }
  if (pattern instanceof Error) return invalid(`Invalid regex pattern: ${pattern.message}`);
  // No g/y flags, so test() keeps no state between rows.
  return verdict(pattern.test(outputString), (not) => `Expected output to ${not}match regex "${value}"`);
}

export function startsWith({ value, outputString }: AssertionContext): CheckResult {
  if (typeof value !== 'string' || value === '') fail('starts-with', 'must have a string value');
  return verdict(outputString.startsWith(value), (not) => `Expected output to ${not}start with "${value}"`);
}

function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

export function wordCount({ value, outputString }: AssertionContext): CheckResult {
  if (value === null || value === undefined) fail('word-count', 'must have a value: a number, or { min, max }');
  const count = countWords(outputString);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const { min, max } = value as { min?: unknown; max?: unknown };
    const lo = optionalNumber(min, 'min');
    const hi = optionalNumber(max, 'max');
    if (lo === undefined && hi === undefined) fail('word-count', 'object value must have "min" and/or "max"');
    if (lo !== undefined && hi !== undefined) {
      if (lo > hi) fail('word-count', `min (${lo}) must be less than or equal to max (${hi})`);
      return wordVerdict(
        count >= lo && count <= hi,
        `Word count ${count} is not between ${lo} and ${hi}`,
        `Expected word count to not be between ${lo} and ${hi}, but got ${count}`,
      );
    }
    if (lo === undefined) {
      return wordVerdict(
        count <= hi!,
        `Word count ${count} is greater than maximum ${hi}`,
        `Expected word count to be greater than ${hi}, but got ${count}`,
      );
    }
    return wordVerdict(
      count >= lo,
      `Word count ${count} is less than minimum ${lo}`,
      `Expected word count to be less than ${lo}, but got ${count}`,
    );
  }
  const expected =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isNaN(expected)) fail('word-count', 'value must be a number or an object with min/max');
  return wordVerdict(
    count === expected,
    `Word count ${count} does not equal expected ${expected}`,
    `Expected word count to not equal ${expected}, but got ${count}`,
  );
}

function optionalNumber(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isNaN(n)) fail('word-count', `"${key}" must be a number`);
  return n;
}

function wordVerdict(pass: boolean, failed: string, negated: string): CheckResult {
  return pass
    ? { pass, score: 1, reason: 'Assertion passed', negatedReason: negated }
    : { pass, score: 0, reason: failed };
}
