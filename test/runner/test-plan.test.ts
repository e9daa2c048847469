// The per-test plan every matrix walk shares: content hashes, copies before each test, and a
// fresh plan when the tests list was changed in place (an extension hook may do that).

import { describe, expect, it } from 'vitest';
import { testContentHash } from '../../src/identity/cell-id.js';
import { testPlanFor } from '../../src/runner/test-plan.js';
import type { TestCase } from '../../src/suite/types.js';

describe('test plan', () => {
  it('holds each test hash and counts the identical tests before each one', () => {
    const a: TestCase = { vars: { q: 'one' } };
    const b: TestCase = { vars: { q: 'two' } };
    const tests = [a, b, { vars: { q: 'one' } }, a];
    const plan = testPlanFor(tests);
    expect([0, 1, 2, 3].map((i) => plan.testHash(i))).toEqual(tests.map((t) => testContentHash(t)));
    expect([...plan.earlierCopies]).toEqual([0, 0, 1, 2]);
    expect(testPlanFor(tests)).toBe(plan);
  });

  it('is made again when the list was changed in place', () => {
    const tests: TestCase[] = [{ vars: { q: 'one' } }, { vars: { q: 'two' } }];
    const first = testPlanFor(tests);
    tests[1] = { vars: { q: 'one' } };
    const second = testPlanFor(tests);
    expect(second).not.toBe(first);
    expect([...second.earlierCopies]).toEqual([0, 1]);
    expect(second.testHash(1)).toBe(testContentHash(tests[1]));
  });
});
