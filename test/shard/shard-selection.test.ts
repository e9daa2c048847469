// Shard selection: every cell lands in exactly one shard, units that must run together stay
// together, shares are roughly even, and editing one test moves only that test's cells.

import { describe, expect, it } from 'vitest';
import { AssayError } from '../../src/errors.js';
import { autoShard } from '../../src/runner/shard-auto.js';
import { parseShardSpec, shardPredicate, ShardUnits, CHAIN_UNIT } from '../../src/runner/shard-selection.js';
import { buildColumns, generateSteps } from '../../src/runner/steps.js';
import { suiteFromObject } from '../../src/suite/suite-from-object.js';
import type { Suite, TestCase } from '../../src/suite/types.js';
import { resolveShardFlag } from '../../src/shard/shard-flag.js';

function plainTests(n: number): TestCase[] {
  return Array.from({ length: n }, (_, i) => ({
    vars: { topic: `t${i}` },
    assert: [{ type: 'contains', value: `t${i}` }],
  }));
}

async function suiteOf(tests: TestCase[], prompts: string[] = ['About {{topic}}', 'Short {{topic}}']): Promise<Suite> {
  return suiteFromObject({ prompts, providers: ['echo'], tests } as never, process.cwd());
}

/** cellId -> shard index, for every cell of the suite split n ways. */
function assignment(suite: Suite, total: number, repeat = 1): Map<string, number> {
  const owners = new Map<string, number>();
  const predicates = Array.from({ length: total }, (_, i) => shardPredicate(suite, { index: i + 1, total }));
  for (const step of generateSteps(suite.tests, buildColumns(suite), repeat)) {
    const owning = predicates.flatMap((inShard, i) => (inShard(step) ? [i + 1] : []));
    expect(owning).toHaveLength(1);
    owners.set(step.cellId, owning[0]!);
  }
  return owners;
}

describe('shard selection', () => {
  it('puts every cell in exactly one shard, and the shares are near even', async () => {
    const suite = await suiteOf(plainTests(600));
    const owners = assignment(suite, 4, 2);
    expect(owners.size).toBe(600 * 2 * 2);
    const counts = [1, 2, 3, 4].map((i) => [...owners.values()].filter((s) => s === i).length);
    for (const count of counts) expect(count).toBeGreaterThan((2400 / 4) * 0.8);
  });

  it('keeps a select-best row together, and every storeOutputAs chain member in one unit', async () => {
    const tests: TestCase[] = [
      ...plainTests(30),
      { vars: { topic: 'best' }, assert: [{ type: 'select-best', value: 'the best' }] },
      { vars: { topic: 'first' }, options: { storeOutputAs: 'earlier' } },
      { vars: { topic: 'uses {{earlier}}' } },
    ];
    const suite = await suiteOf(tests);
    const units = new ShardUnits(suite);
    const steps = [...generateSteps(suite.tests, buildColumns(suite), 2)];
    const bestRows = steps.filter((s) => s.test === suite.tests[30]);
    // One unit per row (repeat), shared by the row's two cells.
    expect(new Set(bestRows.map((s) => units.unitKey(s))).size).toBe(2);
    expect(units.unitKey(bestRows[0]!)).toBe(units.unitKey(bestRows[1]!));
    const chain = steps.filter((s) => s.test === suite.tests[31] || s.test === suite.tests[32]);
    expect(new Set(chain.map((s) => units.unitKey(s)))).toEqual(new Set([CHAIN_UNIT]));
    expect(units.unitKey(steps[0]!)).not.toBe(CHAIN_UNIT);
  });

  it('puts every cell of a _conversation prompt in the chain', async () => {
    const suite = await suiteOf(plainTests(5), ['{{_conversation}} {{topic}}']);
    const units = new ShardUnits(suite);
    for (const step of generateSteps(suite.tests, buildColumns(suite), 1)) expect(units.unitKey(step)).toBe(CHAIN_UNIT);
  });

  it("moves only the edited test's cells when one test changes", async () => {
    const tests = plainTests(200);
    const before = assignment(await suiteOf(tests), 3);
    const edited = tests.map((t, i) => (i === 57 ? { ...t, assert: [{ type: 'icontains', value: 't57' }] } : t));
    const editedSuite = await suiteOf(edited);
    const after = assignment(editedSuite, 3);
    const gone = [...before.keys()].filter((id) => !after.has(id));
    expect(gone).toHaveLength(2); // test 57's two cells got new ids
    for (const [id, shard] of after) if (before.has(id)) expect(shard).toBe(before.get(id));
  });
});

describe('--shard parsing', () => {
  it('reads i/n, 1-based, and rejects anything else with a usage error', () => {
    expect(parseShardSpec('2/4')).toEqual({ index: 2, total: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'x', '1-4', '']) expect(() => parseShardSpec(bad)).toThrow(AssayError);
  });

  it('auto reads GitLab (1-based), Buildkite and Kubernetes (0-based)', () => {
    expect(autoShard({ CI_NODE_INDEX: '3', CI_NODE_TOTAL: '3' })).toEqual({ index: 3, total: 3 });
    expect(autoShard({ BUILDKITE_PARALLEL_JOB: '0', BUILDKITE_PARALLEL_JOB_COUNT: '4' })).toEqual({
      index: 1,
      total: 4,
    });
    expect(autoShard({ JOB_COMPLETION_INDEX: '2', ASSAY_SHARD_TOTAL: '5' })).toEqual({ index: 3, total: 5 });
    expect(autoShard({ JOB_COMPLETION_INDEX: '1' }, 2)).toEqual({ index: 2, total: 2 });
  });

  it('auto with a missing or inconsistent environment is one usage error', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /found no shard/],
      [{ CI_NODE_INDEX: '4', CI_NODE_TOTAL: '3' }, /inconsistent/],
      [{ CI_NODE_TOTAL: '3' }, /needs both CI_NODE_INDEX/],
      [{ BUILDKITE_PARALLEL_JOB: '4', BUILDKITE_PARALLEL_JOB_COUNT: '4' }, /inconsistent/],
      [{ JOB_COMPLETION_INDEX: '0' }, /--shard-total/],
      [{ JOB_COMPLETION_INDEX: 'x', ASSAY_SHARD_TOTAL: '2' }, /whole number/],
    ];
    for (const [env, message] of cases) {
      let error: unknown;
      try {
        resolveShardFlag('auto', undefined, env);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(AssayError);
      expect((error as AssayError).code).toBe('USAGE');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
    expect(() => resolveShardFlag('1/2', 2, {})).toThrow(/only applies with --shard auto/);
  });
});

describe('the chain shard', () => {
  it('exactly one shard of n runs the chain, and it is the shard its cells go to', async () => {
    const { shardRunsChain } = await import('../../src/runner/shard-selection.js');
    const suite = await suiteOf([
      ...plainTests(10),
      { vars: { topic: 'first' }, options: { storeOutputAs: 'earlier' } },
    ]);
    const chainStep = [...generateSteps(suite.tests, buildColumns(suite), 1)].find((s) => s.test === suite.tests[10])!;
    for (const total of [1, 2, 3, 5]) {
      const runners = Array.from({ length: total }, (_, i) => i + 1).filter((index) =>
        shardRunsChain({ index, total }),
      );
      expect(runners).toHaveLength(1);
      expect(shardPredicate(suite, { index: runners[0]!, total })(chainStep)).toBe(true);
    }
  });
});
