import { describe, expect, it } from 'vitest';
import {
  ASSERTION_TYPES,
  isComparisonAssertion,
  isKnownAssertionType,
  loadAssertionHandler,
  resolveAssertionType,
} from '../../src/assertions/registry.js';

describe('assertion registry', () => {
  it('knows every promptfoo type Assay supports, with or without not-', () => {
    for (const type of ['equals', 'contains-json', 'javascript', 'llm-rubric', 'similar:cosine', 'tool-call-f1']) {
      expect(isKnownAssertionType(type)).toBe(true);
      expect(isKnownAssertionType(`not-${type}`)).toBe(true);
    }
    expect(isKnownAssertionType('containz')).toBe(false);
    expect(isKnownAssertionType('not-')).toBe(false);
    expect(isKnownAssertionType('assert-set')).toBe(false);
  });

  it('splits the not- prefix', () => {
    expect(resolveAssertionType('not-icontains')).toEqual({ base: 'icontains', inverse: true });
    expect(resolveAssertionType('regex')).toEqual({ base: 'regex', inverse: false });
    expect(resolveAssertionType('nope')).toBeUndefined();
  });

  it('marks comparison assertions', () => {
    expect(isComparisonAssertion('select-best')).toBe(true);
    expect(isComparisonAssertion('max-score')).toBe(true);
    expect(isComparisonAssertion('contains')).toBe(false);
  });

  it('loads a handler for every type', async () => {
    for (const type of ASSERTION_TYPES) expect(typeof (await loadAssertionHandler(type))).toBe('function');
  });
});
