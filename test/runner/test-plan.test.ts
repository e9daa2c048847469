// The per-test plan every matrix walk shares: content hashes, copies before each test, and a
// fresh plan when the tests list was changed in place (an extension hook may do that).

import { describe, expect, it } from 'vitest';
import { testContentHash } from '../../src/identity/cell-id.js';
import { buildColumns, generateSteps, planSuiteHash } from '../../src/runner/steps.js';
import { testPlanFor } from '../../src/runner/test-plan.js';
import type { ProviderEntry, Suite, TestCase } from '../../src/suite/types.js';

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

  it('tells apart distinct tests whose hashes share their first 30 bits', () => {
    // Found by search: the two hashes begin 6f689579 and 6c689579 (the same 30 bits the plan keys on).
    const a: TestCase = { vars: { n: '3925' } };
    const b: TestCase = { vars: { n: '18014' } };
    expect(testContentHash(a)).toBe('6f68957988c457d90d2f');
    expect(testContentHash(b)).toBe('6c6895791259443322bb');
    const plan = testPlanFor([a, b, { vars: { n: '18014' } }, a, { vars: { n: '3925' } }, { vars: { n: '1' } }]);
    expect([...plan.earlierCopies]).toEqual([0, 0, 1, 1, 2, 0]);
    expect(plan.testHash(1)).toBe(testContentHash(b));
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

describe('cell ids kept from the suite-hash walk', () => {
  const provider = { id: () => 'echo' } as unknown as ProviderEntry['provider'];
  const suiteOf = (tests: TestCase[]) =>
    ({
      prompts: [
        { raw: 'A {{q}}', label: 'A {{q}}', id: 'a' },
        { raw: 'B {{q}}', label: 'B {{q}}', id: 'b' },
      ],
      providers: [{ provider }],
      tests,
    }) as unknown as Suite;
  const idsOf = (suite: Suite, repeat: number) =>
    [...generateSteps(suite.tests, buildColumns(suite), repeat)].map((step) => step.cellId);

  it('a later walk yields the same ids as a walk that hashes every cell', () => {
    const tests: TestCase[] = [{ vars: { q: 'one' } }, { vars: { q: ['x', 'y', 'x'] } }, { vars: { q: 'one' } }];
    const suite = suiteOf(tests);
    planSuiteHash(suite, 2);
    const fresh = idsOf(suiteOf(tests.map((t) => ({ ...t }))), 2);
    expect(idsOf(suite, 2)).toEqual(fresh);
    expect(new Set(fresh).size).toBe(fresh.length);
    // Another repeat count, or the list changed in place, is another matrix: its ids are worked out again.
    expect(idsOf(suite, 1)).toEqual(idsOf(suiteOf(tests.slice()), 1));
    tests[0] = { vars: { q: 'three' } };
    const changed = idsOf(suite, 2);
    expect(changed).toEqual(idsOf(suiteOf(tests.slice()), 2));
    expect(changed[0]).not.toBe(fresh[0]);
  });
});
