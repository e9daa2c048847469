// What every walk of the matrix needs per test, worked out once per tests list and kept compactly:
// the test's content hash (10 bytes, not a 20-character string in a WeakMap entry) and how many
// earlier tests have the same content (identical cells are numbered, see generateSteps). A
// 100,000-test CSV keeps 1.4 MB here for the run instead of ~10 MB.

import { Buffer } from 'node:buffer';
import { testContentHash } from '../identity/cell-id.js';
import type { TestCase } from '../suite/types.js';

const HASH_BYTES = 10;

export class TestPlan {
  private readonly hashes: Buffer;
  /** For each test, how many tests before it have the same content hash. */
  readonly earlierCopies: Uint32Array;
  /** The tests this plan was made for, to tell when a list was changed in place. */
  private readonly tests: readonly TestCase[];

  constructor(tests: readonly TestCase[]) {
    this.tests = tests.slice();
    this.hashes = Buffer.alloc(tests.length * HASH_BYTES);
    this.earlierCopies = new Uint32Array(tests.length);
    // Only while planning: each hash once, to count the copies before each test.
    const seen = new Map<string, number>();
    for (let i = 0; i < tests.length; i++) {
      const hash = testContentHash(tests[i]);
      this.hashes.write(hash, i * HASH_BYTES, HASH_BYTES, 'hex');
      const before = seen.get(hash) ?? 0;
      this.earlierCopies[i] = before;
      seen.set(hash, before + 1);
    }
  }

  /** The content hash of test `i` (testContentHash's 20 hex digits). */
  testHash(i: number): string {
    return this.hashes.toString('hex', i * HASH_BYTES, (i + 1) * HASH_BYTES);
  }

  /** True when `tests` holds exactly the tests this plan was made for. */
  matches(tests: readonly TestCase[]): boolean {
    if (tests.length !== this.tests.length) return false;
    for (let i = 0; i < tests.length; i++) if (tests[i] !== this.tests[i]) return false;
    return true;
  }
}

const plans = new WeakMap<readonly TestCase[], TestPlan>();

/** The plan for a tests list, made on the first walk and reused while the list is unchanged. */
export function testPlanFor(tests: readonly TestCase[]): TestPlan {
  const known = plans.get(tests);
  if (known?.matches(tests)) return known;
  const plan = new TestPlan(tests);
  plans.set(tests, plan);
  return plan;
}
