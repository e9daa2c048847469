// Which cells a shard (`--shard i/n`) runs: each cell belongs to a unit, and a unit goes to the
// shard its key hashes to. Units keep together what must run together: all cells of a row graded
// by select-best/max-score, and every cell of a storeOutputAs / _conversation chain. Keys come from
// cell identity (what the cell runs), not positions, so editing one test moves only its own cells.
// Pure: no clock, no environment, no I/O.

import { createHash } from 'node:crypto';
import { stableStringify, testContentHash } from '../identity/cell-id.js';
import { AssayError } from '../errors.js';
import type { Suite, TestCase } from '../suite/types.js';
import { comparisonAssertions } from './comparisons.js';
import { usesConversation } from './step-memory.js';
import { countMatrix, generateSteps, type Column, type EvalStep } from './steps.js';

export interface ShardSpec {
  /** 1-based, as Playwright's --shard=i/n. */
  index: number;
  total: number;
}

/** The unit every chained cell shares: outputs handed from test to test need one process. */
export const CHAIN_UNIT = 'chain';

export function validateShard(spec: ShardSpec): ShardSpec {
  const { index, total } = spec;
  if (!Number.isInteger(total) || total < 1)
    throw new AssayError('USAGE', `Shard total must be a whole number of at least 1, got ${String(total)}`);
  if (!Number.isInteger(index) || index < 1 || index > total) {
    throw new AssayError('USAGE', `Shard index must be a whole number from 1 to ${total}, got ${String(index)}`);
  }
  return spec;
}

/** Parses "i/n" (1-based). */
export function parseShardSpec(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new AssayError('USAGE', `--shard expects i/n (e.g. 2/4, 1-based) or "auto", got "${text}"`);
  return validateShard({ index: Number(match[1]), total: Number(match[2]) });
}

/** The shard (1..total) a unit key belongs to. */
export function shardOfUnit(unitKey: string, total: number): number {
  const digest = createHash('sha256').update(`shard/1\n${unitKey}`).digest();
  // 48 bits are plenty to spread keys evenly over any practical shard count.
  return (digest.readUIntBE(0, 6) % total) + 1;
}

/** Decides, per step, which unit it belongs to. Built once per suite. */
export class ShardUnits {
  private readonly storedNames: string[];
  private readonly rowTests = new WeakMap<TestCase, string | null>();
  private readonly chainTests = new WeakMap<TestCase, boolean>();

  constructor(suite: Pick<Suite, 'tests' | 'prompts'>) {
    this.storedNames = suite.tests
      .map((t) => t.options?.storeOutputAs)
      .filter((n): n is string => typeof n === 'string' && n.length > 0);
  }

  unitKey(step: EvalStep): string {
    if (this.isChained(step)) return CHAIN_UNIT;
    const rowHash = this.rowHash(step.test);
    if (rowHash !== null) return `row:${rowHash}:${stableStringify(step.vars)}:${step.repeatIndex}`;
    return `cell:${step.cellId}`;
  }

  /** A cell is chained when it stores an output, reads one (by name), or sees _conversation. */
  private isChained(step: EvalStep): boolean {
    if (usesConversation(step.column.prompt)) return true;
    if (this.storedNames.length === 0) return false;
    if (this.storedNames.some((name) => mentions(step.column.prompt.raw, name))) return true;
    let chained = this.chainTests.get(step.test);
    if (chained === undefined) {
      const text = stableStringify(step.test);
      chained =
        typeof step.test.options?.storeOutputAs === 'string' || this.storedNames.some((name) => mentions(text, name));
      this.chainTests.set(step.test, chained);
    }
    return chained;
  }

  /** The test's hash when its rows are graded as a whole (select-best, max-score), else null. */
  private rowHash(test: TestCase): string | null {
    let hash = this.rowTests.get(test);
    if (hash === undefined) {
      hash = comparisonAssertions(test).length > 0 ? testContentHash(test) : null;
      this.rowTests.set(test, hash);
    }
    return hash;
  }
}

/** True when `spec`'s shard is the one running the storeOutputAs / _conversation chain (if any). */
export function shardRunsChain(spec: ShardSpec): boolean {
  return spec.total === 1 || shardOfUnit(CHAIN_UNIT, spec.total) === spec.index;
}

/** True when the step belongs to `spec`'s shard. */
export function shardPredicate(suite: Pick<Suite, 'tests' | 'prompts'>, spec: ShardSpec): (step: EvalStep) => boolean {
  const units = new ShardUnits(suite);
  if (spec.total === 1) return () => true;
  return (step) => shardOfUnit(units.unitKey(step), spec.total) === spec.index;
}

function mentions(text: string, name: string): boolean {
  // A var name as a whole word: `answer` is in "{{ answer }}" but not in "answers".
  return new RegExp(`(^|[^A-Za-z0-9_$])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_$])`).test(text);
}

/** countMatrix for one shard's share: rows keep their indexes; a row may have 0 cells here. */
export function countShardMatrix(
  tests: TestCase[],
  columns: Column[],
  repeat: number,
  inShard: (step: EvalStep) => boolean,
): { rows: number; cells: number; cellsPerRow: number[] } {
  const cellsPerRow: number[] = [];
  let cells = 0;
  for (const step of generateSteps(tests, columns, repeat)) {
    while (cellsPerRow.length <= step.testIdx) cellsPerRow.push(0);
    if (!inShard(step)) continue;
    cellsPerRow[step.testIdx]!++;
    cells++;
  }
  const { rows } = countMatrix(tests, columns, repeat);
  while (cellsPerRow.length < rows) cellsPerRow.push(0);
  return { rows, cells, cellsPerRow };
}
