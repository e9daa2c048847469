// Finds misspelt keys in a config (`asert:`, `var:`, `prompt:`). An unknown key is otherwise
// ignored, as promptfoo ignores it, which silently drops a test's checks or vars; a key one or two
// letters away from a known one at that place is almost surely a typo, so it is reported.

import { editDistance } from '../text/edit-distance.js';
import type { KeyPath } from './source.js';

const TOP_LEVEL = [
  'description',
  'tags',
  'prompts',
  'providers',
  'targets',
  'tests',
  'defaultTest',
  'scenarios',
  'evaluateOptions',
  'commandLineOptions',
  'outputPath',
  'env',
  'nunjucksFilters',
  'derivedMetrics',
  'extensions',
  'metadata',
  'sharing',
  'writeLatestResults',
  'redteam',
  'tracing',
  'assertionTemplates',
];
const TEST_CASE = [
  'description',
  'vars',
  'assert',
  'options',
  'threshold',
  'metadata',
  'provider',
  'providers',
  'prompts',
  'providerOutput',
  'assertScoringFunction',
];
const ASSERTION = [
  'type',
  'value',
  'threshold',
  'weight',
  'metric',
  'provider',
  'transform',
  'config',
  'assert',
  'rubricPrompt',
  'contextTransform',
];
const PROVIDER = ['id', 'label', 'config', 'prompts', 'transform', 'delay', 'env', 'inputCost', 'outputCost'];

export interface KeyTypo {
  path: KeyPath;
  key: string;
  /** The known key meant; undefined for an unknown test key that resembles none. */
  suggestion?: string;
}

/** Words promptfoo users reach for at test level that are far from the real key. */
const TEST_CASE_ALIASES: Record<string, string> = {
  assertions: 'assert',
  assertion: 'assert',
  asserts: 'assert',
  expected: 'assert',
  expect: 'assert',
  expects: 'assert',
  expectations: 'assert',
  checks: 'assert',
  check: 'assert',
  tests: 'assert',
  variables: 'vars',
  inputs: 'vars',
  input: 'vars',
  var: 'vars',
  name: 'description',
  title: 'description',
};

/** Test keys written at the top level, where they do nothing: where each belongs. */
const MISPLACED_AT_TOP: Record<string, string> = {
  assert: 'defaultTest.assert',
  assertScoringFunction: 'defaultTest.assertScoringFunction',
  threshold: 'defaultTest.threshold',
  options: 'defaultTest.options',
  transformVars: 'defaultTest.options.transformVars',
  transform: 'defaultTest.options.transform',
};

/** Every near-miss key at the top level, in defaultTest, inline tests, their assertions and provider objects. */
export function findKeyTypos(config: Record<string, unknown>): KeyTypo[] {
  const found: KeyTypo[] = [];
  for (const key of Object.keys(config)) {
    if (!TOP_LEVEL.includes(key) && MISPLACED_AT_TOP[key])
      found.push({ path: [key], key, suggestion: MISPLACED_AT_TOP[key] });
  }
  check(config, [], [...TOP_LEVEL, ...Object.keys(MISPLACED_AT_TOP)], found);
  if (isObject(config.defaultTest)) checkTest(config.defaultTest, ['defaultTest'], found);
  if (Array.isArray(config.tests))
    config.tests.forEach((test, i) => isObject(test) && checkTest(test, ['tests', i], found));
  for (const key of ['providers', 'targets']) {
    const list = config[key];
    if (Array.isArray(list))
      list.forEach((p, i) => isObject(p) && typeof p.id === 'string' && check(p, [key, i], PROVIDER, found));
  }
  return found;
}

function checkTest(test: Record<string, unknown>, path: KeyPath, found: KeyTypo[]): void {
  // Any unknown key in a test is worth a warning: a misnamed `assert:` silently removes the checks.
  for (const key of Object.keys(test)) {
    if (TEST_CASE.includes(key)) continue;
    found.push({
      path: [...path, key],
      key,
      suggestion: TEST_CASE_ALIASES[key.toLowerCase()] ?? closest(key, TEST_CASE),
    });
  }
  checkAssertions(test.assert, [...path, 'assert'], found);
}

function checkAssertions(list: unknown, path: KeyPath, found: KeyTypo[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((assertion, i) => {
    if (!isObject(assertion)) return;
    check(assertion, [...path, i], ASSERTION, found);
    checkAssertions(assertion.assert, [...path, i, 'assert'], found);
  });
}

function check(object: Record<string, unknown>, path: KeyPath, known: readonly string[], found: KeyTypo[]): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const suggestion = closest(key, known);
    if (suggestion) found.push({ path: [...path, key], key, suggestion });
  }
}

/** The known key within two edits (one for keys of four letters or fewer), ignoring case. */
function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const limit = key.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
