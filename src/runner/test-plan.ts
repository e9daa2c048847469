// What every walk of the matrix needs per test, worked out once per tests list and kept compactly:
// the test's content hash (10 bytes, not a 20-character string in a WeakMap entry) and how many
// earlier tests have the same content (identical cells are numbered, see generateSteps). A
// 100,000-test CSV keeps 1.4 MB here for the run instead of ~10 MB. Also the cell ids of the
// suite-hash walk (CellIdRecorder), which later walks of the same matrix read back.

import { Buffer } from 'node:buffer';
import { testContentHash } from '../identity/cell-id.js';
import type { TestCase } from '../suite/types.js';

const HASH_BYTES = 10;
/** In TestPlan's prefix map: more than one test has this prefix, so all are counted by full hash. */
const SHARED_PREFIX = -1;

export class TestPlan {
  private readonly hashes: Buffer;
  /**
   * For each test, how many tests before it have the same content hash; made at the first repeated
   * test, so a list of distinct tests (the usual case) does not keep 4 bytes of zero per test.
   */
  private copies: Uint32Array | undefined;
  /** The tests this plan was made for, to tell when a list was changed in place. */
  private readonly tests: readonly TestCase[];

  constructor(tests: readonly TestCase[]) {
    this.tests = tests.slice();
    this.hashes = Buffer.alloc(tests.length * HASH_BYTES);
    // Only while planning, to count the copies before each test: the first test with each 30-bit
    // hash prefix (small integers: no string kept per test for the collector to copy), and full
    // hashes only for tests whose prefix was met before (the same test again, or rarely another).
    const firstByPrefix = new Map<number, number>();
    let countByHash: Map<string, number> | undefined;
    for (let i = 0; i < tests.length; i++) {
      const hash = testContentHash(tests[i]);
      this.hashes.write(hash, i * HASH_BYTES, HASH_BYTES, 'hex');
      const prefix = this.hashes.readUInt32LE(i * HASH_BYTES) >>> 2;
      const first = firstByPrefix.get(prefix);
      if (first === undefined) {
        firstByPrefix.set(prefix, i);
        continue;
      }
      countByHash ??= new Map();
      if (first !== SHARED_PREFIX) {
        // The prefix's first test is counted by its full hash from now on, like every later one.
        countByHash.set(this.testHash(first), 1);
        firstByPrefix.set(prefix, SHARED_PREFIX);
      }
      const before = countByHash.get(hash) ?? 0;
      if (before > 0) {
        this.copies ??= new Uint32Array(tests.length);
        this.copies[i] = before;
      }
      countByHash.set(hash, before + 1);
    }
  }

  /** How many tests before test `i` have the same content hash. */
  copiesBefore(i: number): number {
    return this.copies === undefined ? 0 : this.copies[i]!;
  }

  /** copiesBefore for every test, in order. */
  get earlierCopies(): Uint32Array {
    return this.copies ?? new Uint32Array(this.tests.length);
  }

  /** How many tests the plan covers. */
  get size(): number {
    return this.tests.length;
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

const ID_BYTES = 10;

/** Cell ids (20 hex digits each) kept as 10 bytes apiece, in walk order. */
export class CellIds {
  constructor(
    private readonly bytes: Buffer,
    readonly count: number,
  ) {}

  at(i: number): string {
    return this.bytes.toString('hex', i * ID_BYTES, (i + 1) * ID_BYTES);
  }
}

/** The ids of the last complete walk of each tests list, and what that walk depended on. */
export const recordedIds = new WeakMap<readonly TestCase[], { plan: TestPlan; shape: string; ids: CellIds }>();

/**
 * Collects the ids of one walk of the matrix; only a walk that reached its end is kept, so a
 * walk given up halfway never stands in for the whole matrix.
 */
export class CellIdRecorder {
  private bytes = Buffer.alloc(0);
  private count = 0;
  private key: { tests: readonly TestCase[]; plan: TestPlan; shape: string } | undefined;

  start(tests: readonly TestCase[], plan: TestPlan, shape: string): void {
    this.key = { tests, plan, shape };
    this.bytes = Buffer.allocUnsafe(Math.max(1, tests.length) * ID_BYTES);
    this.count = 0;
  }

  add(id: string): void {
    if ((this.count + 1) * ID_BYTES > this.bytes.length) {
      const grown = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(grown, 0, 0, this.count * ID_BYTES);
      this.bytes = grown;
    }
    this.bytes.write(id, this.count * ID_BYTES, ID_BYTES, 'hex');
    this.count++;
  }

  finish(): void {
    const key = this.key;
    if (!key) return;
    const bytes = Buffer.from(this.bytes.subarray(0, this.count * ID_BYTES));
    recordedIds.set(key.tests, { plan: key.plan, shape: key.shape, ids: new CellIds(bytes, this.count) });
    this.key = undefined;
    this.bytes = Buffer.alloc(0);
  }
}
