// The sharding contract end to end: one suite (OpenAI and Llama on the emulator plus echo, a
// select-best row, a storeOutputAs chain, --repeat 2, derived metrics) run whole and as 3 shards in
// 3 concurrent processes; the merge must be the same eval: same cells, outcomes, scores, named and
// derived metrics. Merging 2 of 3 names the missing shard; --allow-partial merges anyway.

import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../src/emulator/index.js';
import { runCli, writeFiles } from '../support/cli.js';

let emu: RunningEmulators;
beforeAll(async () => {
  emu = await startEmulators();
});
afterAll(async () => {
  await emu.close();
});

function config(extraTestTopic = 'kiwi'): string {
  const plain = ['banana', 'apple', 'cherry', 'plum', 'grape', 'melon', 'lemon', 'lime', 'peach', extraTestTopic]
    .map(
      (q, i) =>
        `  - description: plain ${i}\n    vars: { q: ${q} }\n    assert:\n      - type: icontains\n        value: ${i % 3 === 0 ? 'zzz-never' : q}`,
    )
    .join('\n');
  return `description: sharded e2e
prompts:
  - 'Answer briefly about {{q}}'
  - 'Explain {{q}}'
providers:
  - id: openai:chat:gpt-4o-mini
    config: { maxRetries: 0 }
  - id: llamaapi:Llama-4-Maverick-17B-128E-Instruct-FP8
  - echo
derivedMetrics:
  - name: twiceLen
    value: 'len * 2 + __count * 0'
defaultTest:
  assert:
    - type: javascript
      value: 'output.length > 5 ? 1 : 0.25'
      metric: len
tests:
${plain}
  - description: best of the row
    vars: { q: durian }
    assert:
      - type: select-best
        value: the most informative answer
        provider: openai:chat:gpt-4o-mini
  - description: chain start
    vars: { q: mango }
    options: { storeOutputAs: firstAnswer }
  - description: chain follow-up
    vars: { q: 'follow up on {{firstAnswer}}' }
`;
}

interface Cell {
  cellId: string;
  success: boolean;
  score: number;
  failureReason: number;
  namedScores: Record<string, number>;
  output: unknown;
}

function cellsOf(path: string): Cell[] {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  return (doc.results.results as Record<string, any>[])
    .map((r) => ({
      cellId: r.cellId,
      success: r.success,
      score: r.score,
      failureReason: r.failureReason,
      namedScores: r.namedScores,
      output: r.response?.output,
    }))
    .sort((a, b) => a.cellId.localeCompare(b.cellId));
}

function metricsOf(path: string) {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  const { durationMs: _d, ...stats } = doc.results.stats;
  return {
    stats,
    prompts: (doc.results.prompts as Record<string, any>[]).map((p) => ({
      provider: p.provider,
      label: p.label,
      metrics: p.metrics,
    })),
  };
}

describe('eval --shard and merge', () => {
  it('3 concurrent shards merge into the same eval as an unsharded run', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': config() });
    const env = emu.env();
    const common = ['eval', '--no-progress-bar', '--no-table', '--repeat', '2', '-j', '3'];
    const whole = await runCli([...common, '-o', join(dir, 'whole.json')], { cwd: dir, env, timeoutMs: 60_000 });
    expect(whole.stderr).not.toMatch(/Error/);
    const shards = await Promise.all(
      [1, 2, 3].map((i) =>
        runCli([...common, '--shard', `${i}/3`, '-o', join(dir, `shard-${i}.assay`)], {
          cwd: dir,
          env,
          timeoutMs: 60_000,
        }),
      ),
    );
    for (const shard of shards) expect(shard.stderr).not.toMatch(/Error/);
    const merged = await runCli(
      ['merge', join(dir, 'shard-*.assay'), '-o', join(dir, 'merged.json'), join(dir, 'merged.csv')],
      { cwd: dir, env, timeoutMs: 60_000 },
    );
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(whole.code);
    expect(merged.stdout).toMatch(/Merged 3 shard files/);

    const wholeCells = cellsOf(join(dir, 'whole.json'));
    // 13 tests x 2 repeats x 6 columns
    expect(wholeCells).toHaveLength(13 * 2 * 6);
    expect(cellsOf(join(dir, 'merged.json'))).toEqual(wholeCells);
    // Every shard did part of the work (no shard empty, none ran everything).
    const shardCounts = shards.map((s) => Number(/(\d+) passed/.exec(s.stdout)?.[1] ?? 0));
    expect(shardCounts.every((n) => n > 0 && n < wholeCells.length)).toBe(true);

    const a = metricsOf(join(dir, 'whole.json'));
    const b = metricsOf(join(dir, 'merged.json'));
    expect(b.stats).toEqual(a.stats);
    expect(b.prompts.map((p) => [p.provider, p.label])).toEqual(a.prompts.map((p) => [p.provider, p.label]));
    for (const [i, p] of a.prompts.entries()) {
      const q = b.prompts[i]!;
      for (const key of [
        'testPassCount',
        'testFailCount',
        'testErrorCount',
        'assertPassCount',
        'assertFailCount',
      ] as const)
        expect(q.metrics[key]).toBe(p.metrics[key]);
      expect(q.metrics.score).toBeCloseTo(p.metrics.score, 9);
      expect(Object.keys(q.metrics.namedScores).sort()).toEqual(['len', 'twiceLen']);
      for (const name of ['len', 'twiceLen'])
        expect(q.metrics.namedScores[name]).toBeCloseTo(p.metrics.namedScores[name], 9);
    }
    const mergedDoc = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8'));
    expect(mergedDoc.metadata.shards.map((s: { index: number }) => s.index)).toEqual([1, 2, 3]);
    expect(readFileSync(join(dir, 'merged.csv'), 'utf8').trim().split('\n').length).toBeGreaterThan(13 * 2);

    // No secret reaches a shard file (the keys are in the environment of every shard).
    for (const i of [1, 2, 3]) {
      const text = gunzipSync(readFileSync(join(dir, `shard-${i}.assay`))).toString('utf8');
      expect(text).toContain('"type":"end"');
      for (const secret of [env.OPENAI_API_KEY!, env.LLAMA_API_KEY!]) expect(text).not.toContain(secret);
    }

    // Merging 2 of 3 fails and names shard 3; --allow-partial merges what is there.
    const two = [join(dir, 'shard-1.assay'), join(dir, 'shard-2.assay')];
    const missing = await runCli(['merge', ...two, '--no-table'], { cwd: dir, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Missing shard 3 of 3: \d+ of 156 cells are not covered/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const partial = await runCli(['merge', ...two, '--allow-partial', '--no-table', '-o', join(dir, 'partial.json')], {
      cwd: dir,
      env,
    });
    expect(partial.code).not.toBe(1);
    expect(partial.stderr).toMatch(/without shard 3 of 3/);
    const partialCells = cellsOf(join(dir, 'partial.json'));
    expect(partialCells.length).toBeGreaterThan(0);
    expect(partialCells.length).toBeLessThan(wholeCells.length);

    // A cut-short shard file is reported as incomplete, by name.
    writeFileSync(join(dir, 'cut.assay'), readFileSync(join(dir, 'shard-3.assay')));
    truncateSync(join(dir, 'cut.assay'), Math.floor(statSync(join(dir, 'cut.assay')).size / 2));
    const cut = await runCli(['merge', ...two, join(dir, 'cut.assay'), '--no-table'], { cwd: dir, env });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/cut\.assay is incomplete/);

    // A shard of another suite is refused.
    const otherDir = writeFiles({ 'promptfooconfig.yaml': config('papaya') });
    await runCli([...common, '--shard', '3/3', '-o', join(otherDir, 'shard-3.assay')], {
      cwd: otherDir,
      env,
      timeoutMs: 60_000,
    });
    const mixed = await runCli(['merge', ...two, join(otherDir, 'shard-3.assay'), '--no-table'], { cwd: dir, env });
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/different suite/);
  }, 120_000);
});

describe('a 429 storm on shards', () => {
  it('slows the shards down but fails no cell, and the merge is complete', async () => {
    // 3 of every 10 requests to the emulator answer 429 while the three shards run at once.
    emu.openai.reset();
    emu.openai.setKnobs({ faults: [{ kind: 'status', status: 429, rate: 0.3 }] });
    try {
      const tests = Array.from({ length: 24 }, (_, i) => `  - vars: { q: 'item ${i}' }`).join('\n');
      const dir = writeFiles({
        'promptfooconfig.yaml': `prompts: ['Tell me about {{q}}']\nproviders:\n  - id: openai:chat:gpt-4o-mini\n    config: { shardConcurrency: 2 }\ndefaultTest:\n  assert: [{ type: javascript, value: 'output.length > 0' }]\ntests:\n${tests}\n`,
      });
      const env = emu.env();
      const shards = await Promise.all(
        [1, 2, 3].map((i) =>
          runCli(
            [
              'eval',
              '--no-progress-bar',
              '--no-table',
              '--no-cache',
              '--shard',
              `${i}/3`,
              '-o',
              join(dir, `s${i}.assay`),
            ],
            { cwd: dir, env, timeoutMs: 60_000 },
          ),
        ),
      );
      for (const shard of shards) {
        expect(shard.stdout).toMatch(/0 errors/);
        expect(shard.code).toBe(0);
      }
      const merged = await runCli(['merge', join(dir, 's*.assay'), '--no-table', '-o', join(dir, 'merged.json')], {
        cwd: dir,
        env,
      });
      expect(merged.code).toBe(0);
      expect(merged.stdout).toMatch(/24 passed/);
      const throttled = emu.openai.requests.filter((r) => r.path === '/v1/chat/completions').length;
      expect(throttled).toBeGreaterThan(24); // some requests were refused and retried
    } finally {
      emu.openai.setKnobs({ faults: [] });
    }
  }, 90_000);
});
