// Sharding: 20,000 OpenAI chat tests against the emulator with 50 ms latency, run as 1 shard and
// as 4 concurrent shard processes (each -j 25, as 4 CI machines would), then `assay merge` of the
// 4 shard files into one eval (.json output and the store): its wall time and peak RSS (it must
// stream: target < 200 MB). On this 2-core machine the 4 shards share the CPU with the emulator,
// so the speed-up is below the 4x that separate machines get.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulators } from '../dist/emulator/index.js';

const TESTS = 20_000;
const SHARDS = 4;
const CONCURRENCY = 25;
const LATENCY_MS = 50;

export async function bench({ runCli, toMB, mb }) {
  const emulators = await startEmulators({ knobs: { openai: { latencyMs: LATENCY_MS } } });
  const dir = mkdtempSync(join(tmpdir(), 'assay-shard-bench-'));
  const home = (name) => ({ ...emulators.env(), ASSAY_HOME: join(dir, `home-${name}`) });
  const check = (name, run) => {
    // 0 or 100 (failing cells) are both a finished run; anything else is a broken bench.
    if (run.status !== 0 && run.status !== 100) {
      throw new Error(
        `shard bench, ${name}: exited ${run.status}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`,
      );
    }
  };
  try {
    const rows = ['topic'];
    for (let i = 0; i < TESTS; i++) rows.push(`fact number ${i}`);
    writeFileSync(join(dir, 'tests.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(dir, 'promptfooconfig.yaml'),
      [
        "prompts: ['Tell me {{topic}}']",
        'providers:',
        '  - id: openai:chat:gpt-4o-mini',
        'defaultTest:',
        '  assert:',
        '    - type: javascript',
        '      value: output.length > 0',
        'tests: file://tests.csv',
        '',
      ].join('\n'),
    );
    const common = ['eval', '-c', dir, '--no-progress-bar', '--no-table', '--no-cache', '-j', String(CONCURRENCY)];
    const single = await runCli([...common, '-o', join(dir, 'single.assay')], home('single'));
    check('1 shard', single);

    const started = process.hrtime.bigint();
    const shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) =>
        runCli(
          [...common, '--shard', `${i + 1}/${SHARDS}`, '-o', join(dir, `shard-${i + 1}.assay`)],
          home(`shard-${i + 1}`),
        ),
      ),
    );
    const shardsWallMs = Number(process.hrtime.bigint() - started) / 1e6;
    shards.forEach((run, i) => check(`shard ${i + 1}`, run));

    const merge = await runCli(
      ['merge', join(dir, 'shard-*.assay'), '--no-table', '-o', join(dir, 'merged.json')],
      home('merge'),
    );
    check('merge', merge);
    const cells = /✓ ([\d,]+) passed/.exec(merge.stdout)?.[1] ?? '?';
    const floor = (n) => (n * LATENCY_MS) / CONCURRENCY / 1000;
    return [
      {
        name: `${TESTS.toLocaleString('en')} tests, 1 shard -j ${CONCURRENCY}: wall`,
        value: single.wallMs / 1000,
        unit: 's',
        note: `${LATENCY_MS} ms latency, latency floor ${floor(TESTS).toFixed(1)} s; peak RSS ${mb(single.rss)}`,
      },
      {
        name: `${SHARDS} concurrent shards: wall`,
        value: shardsWallMs / 1000,
        unit: 's',
        note: `latency floor ${floor(TESTS / SHARDS).toFixed(1)} s; slowest shard peak RSS ${mb(Math.max(...shards.map((s) => s.rss)))}`,
      },
      { name: `speed-up of ${SHARDS} shards`, value: single.wallMs / shardsWallMs, unit: 'x', better: 'higher' },
      { name: 'merge: wall', value: merge.wallMs / 1000, unit: 's', note: `${cells} cells passed` },
      { name: 'merge: peak RSS', value: toMB(merge.rss), unit: 'MB', target: 200, strict: true },
    ];
  } finally {
    await emulators.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
