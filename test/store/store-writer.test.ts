// The store writer under a full disk (SQLite's max_page_count gives the same SQLITE_FULL a full
// disk does): one warning, no exception into the run, and every eval stored before is intact.
// Also: long payloads are stored once, however many cells carry them.

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { getEval, listEvals } from '../../src/store/api.js';
import { StoreWriter } from '../../src/store/store-writer.js';
import { CellBatchWriter, type QueuedRow } from '../../src/store/cell-batch.js';
import { DEFAULT_MAX_STORED_TEXT_BYTES, storableResult } from '../../src/results/storable.js';
import type { RunStartInfo, RunSummary } from '../../src/results/types.js';
import { tempDir } from '../support/cli.js';
import { makePrompts, makeResult } from '../results/factory.js';

function startInfo(evalId: string, cells: number): RunStartInfo {
  return {
    evalId,
    timestamp: new Date().toISOString(),
    prompts: makePrompts(1),
    varNames: ['q'],
    totalCells: cells,
    totalRows: cells,
    concurrency: 1,
    config: {},
  };
}
function summary(evalId: string, successes: number): RunSummary {
  const usage = { total: 0, prompt: 0, completion: 0 };
  return {
    evalId,
    timestamp: new Date().toISOString(),
    stats: { successes, failures: 0, errors: 0, skipped: 0, tokenUsage: usage, graderTokenUsage: usage, durationMs: 1 },
    prompts: makePrompts(1),
    aborted: false,
  };
}

let savedHome: string | undefined;
beforeEach(() => {
  savedHome = process.env.ASSAY_HOME;
});
afterEach(() => {
  process.env.ASSAY_HOME = savedHome;
});

describe('StoreWriter', () => {
  it('on a full disk warns once, never throws into the run, and keeps earlier evals', async () => {
    const path = join(tempDir(), 'home', 'store.db');
    process.env.ASSAY_HOME = join(path, '..');
    const store = openStore(path);
    const ok = new StoreWriter(store, () => undefined);
    ok.listener({ type: 'start', info: startInfo('eval-kept', 3) });
    for (let i = 0; i < 3; i++) ok.listener({ type: 'result', result: makeResult(i, 0, 'pass', { cellId: `c${i}` }) });
    ok.listener({ type: 'end', summary: summary('eval-kept', 3) });

    const pages = Number((store.db.prepare('PRAGMA page_count').raw(true).get() as number[])[0]);
    store.db.exec(`PRAGMA max_page_count = ${pages + 2}`);
    const warnings: string[] = [];
    const full = new StoreWriter(store, (message) => warnings.push(message));
    const big = 'x'.repeat(50_000);
    expect(() => {
      full.listener({ type: 'start', info: startInfo('eval-full', 50) });
      for (let i = 0; i < 50; i++)
        full.listener({
          type: 'result',
          result: makeResult(i, 0, 'pass', { cellId: `d${i}`, response: { output: `${big}${i}` } }),
        });
      full.flush();
      full.listener({ type: 'end', summary: summary('eval-full', 50) });
    }).not.toThrow();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not be written.*full/);
    store.close();

    const kept = await getEval('eval-kept');
    expect(kept.results.map((r) => r.cellId)).toEqual(['c0', 'c1', 'c2']);
    expect(listEvals().find((e) => e.id === 'eval-kept')).toMatchObject({ status: 'complete', successes: 3 });
  });

  it('stores a long output once however many cells repeat it', async () => {
    const path = join(tempDir(), 'home', 'store.db');
    process.env.ASSAY_HOME = join(path, '..');
    const store = openStore(path);
    const writer = new StoreWriter(store, () => undefined);
    const image = `data:image/png;base64,${'A'.repeat(200_000)}`;
    writer.listener({ type: 'start', info: startInfo('eval-img', 20) });
    for (let i = 0; i < 20; i++)
      writer.listener({
        type: 'result',
        result: makeResult(i, 0, 'pass', { cellId: `i${i}`, vars: { q: 'same', image } }),
      });
    writer.listener({ type: 'end', summary: summary('eval-img', 20) });
    const [blobs, bytes] = store.db.prepare('SELECT count(*), sum(length(body)) FROM blobs').raw(true).get() as [
      number,
      number,
    ];
    const [cellBytes] = store.db.prepare('SELECT sum(length(body)) FROM cells').raw(true).get() as [number];
    store.close();
    expect(blobs).toBe(1);
    expect(bytes).toBe(image.length);
    expect(cellBytes).toBeLessThan(20 * 2_000);
    // Read back, every cell has the image again.
    expect((await getEval('eval-img')).results.every((r) => r.vars.image === image)).toBe(true);
  });
});

describe('StoreWriter with results as the runner records them', () => {
  it('moves a string of 1,024 characters or more to the blobs table and keeps shorter ones in the body', async () => {
    const path = join(tempDir(), 'home', 'store.db');
    process.env.ASSAY_HOME = join(path, '..');
    const store = openStore(path);
    const writer = new StoreWriter(store, () => undefined);
    const outputs = ['b'.repeat(1024), 'c'.repeat(1023), 'short'];
    writer.listener({ type: 'start', info: startInfo('eval-rec', outputs.length) });
    outputs.forEach((output, i) => {
      const result = makeResult(i, 0, 'pass', { cellId: `r${i}`, response: { output } });
      writer.listener({ type: 'result', result: storableResult(result, DEFAULT_MAX_STORED_TEXT_BYTES) });
    });
    writer.listener({ type: 'end', summary: summary('eval-rec', outputs.length) });
    const blobs = store.db.prepare('SELECT body FROM blobs').raw(true).all() as string[][];
    const bodies = store.db.prepare('SELECT body FROM cells ORDER BY seq').raw(true).all() as string[][];
    store.close();
    expect(blobs).toEqual([[outputs[0]]]);
    expect(bodies[0]![0]).not.toContain(outputs[0]);
    expect(bodies[1]![0]).toContain(outputs[1]);
    const stored = (await getEval('eval-rec')).results;
    expect(stored.map((r) => r.response?.output)).toEqual(outputs);
  });
});

describe('pageCells (the viewer query)', () => {
  it('pages and filters an eval by final status in grid order', async () => {
    const { pageCells } = await import('../../src/store/queries.js');
    const path = join(tempDir(), 'home', 'store.db');
    const store = openStore(path);
    const writer = new StoreWriter(store, () => undefined);
    writer.listener({ type: 'start', info: startInfo('eval-page', 30) });
    // Completion order is scrambled; pages come back in row order.
    for (const i of Array.from({ length: 30 }, (_, k) => (k * 7) % 30))
      writer.listener({ type: 'result', result: makeResult(i, 0, i % 3 === 0 ? 'fail' : 'pass', { cellId: `p${i}` }) });
    writer.listener({ type: 'end', summary: summary('eval-page', 20) });
    const page = pageCells(store.db, 'eval-page', { status: 'fail', offset: 2, limit: 3 });
    const all = pageCells(store.db, 'eval-page', { limit: 100 });
    store.close();
    expect(page.total).toBe(10);
    expect(page.cells.map((c) => (c.kind === 'result' ? c.result.testIdx : -1))).toEqual([6, 9, 12]);
    expect(all.total).toBe(30);
    expect(all.cells.map((c) => (c.kind === 'result' ? c.result.testIdx : -1))).toEqual(
      Array.from({ length: 30 }, (_, k) => k),
    );
  });
});

/** A new store holding one running eval 'e', and a batch writer on it. */
function batchWriterOnNewEval() {
  const store = openStore(join(tempDir(), 'home', 'store.db'));
  store.db
    .prepare(
      `INSERT INTO evals (id, created_at, updated_at, status, start_info) VALUES ('e', 'now', 'now', 'running', '{}')`,
    )
    .run();
  return { store, writer: new CellBatchWriter(store.db) };
}

describe('CellBatchWriter', () => {
  it('stores every row of a batch of any size, in order, with skipped rows where they came', () => {
    const { store, writer } = batchWriterOnNewEval();
    const cell = (i: number): QueuedRow => ({
      skipped: false,
      values: [
        'e',
        `c${i}`,
        1,
        i,
        0,
        0,
        'pass',
        i / 10,
        i,
        null,
        7,
        null,
        null,
        'echo',
        `Row #${i}`,
        'now',
        `{"i":${i}}`,
      ],
    });
    // 127 rows: a 100-row INSERT, a 20, a 5 and two single rows; then 3 rows around a skipped one.
    writer.commit(Array.from({ length: 127 }, (_, i) => cell(i)));
    writer.commit([
      cell(127),
      { skipped: true, values: ['e', 'c128', 128, 0, 0, 'stopped', 'echo', null, 'now', '{"skipped":true}'] },
      cell(129),
    ]);
    const rows = store.db
      .prepare(
        'SELECT cell_id, attempt, test_idx, status, score, latency_ms, tokens_total, description, body FROM cells ORDER BY seq',
      )
      .all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(130);
    expect(rows.map((row) => row.test_idx)).toEqual(Array.from({ length: 130 }, (_, i) => i));
    expect(rows[126]).toMatchObject({
      cell_id: 'c126',
      attempt: 1,
      status: 'pass',
      score: 12.6,
      latency_ms: 126,
      tokens_total: 7,
    });
    expect(rows[126]).toMatchObject({ description: 'Row #126', body: '{"i":126}' });
    expect(rows[128]).toMatchObject({ cell_id: 'c128', attempt: 0, status: 'skipped', body: '{"skipped":true}' });
    expect(rows[129]).toMatchObject({ cell_id: 'c129', body: '{"i":129}' });
    store.db.close();
  });

  it('reads back every column exactly whichever columns a batch shares, over many column patterns', () => {
    const { store, writer } = batchWriterOnNewEval();
    // A small deterministic generator: each column draws from a pool with null, 0 and look-alikes,
    // and a batch holds each column constant or varied by its own coin, so batches meet well over
    // the writer's bound of prepared statements (the fallback path runs too).
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(pool: T[]): T => pool[Math.floor(next() * pool.length)]!;
    const expected: unknown[][] = [];
    let testIdx = 0;
    for (let batch = 0; batch < 120; batch++) {
      const size = 1 + Math.floor(next() * 130);
      const varies = Array.from({ length: 17 }, () => next() < 0.5);
      const constant = {
        attempt: pick([1, 2]),
        prompt: pick([0, 1]),
        repeat: pick([0, 3]),
        status: pick(['pass', 'fail', 'error']),
        score: pick([1, 0, 0.5, null]),
        latency: pick([0, 12]),
        cost: pick([null, 0, 0.25]),
        tokens: pick([null, 0, 17]),
        kind: pick([null, 'provider']),
        error: pick([null, '', 'boom']),
        provider: pick(['echo', 'openai:gpt']),
        description: pick([null, 'd']),
      };
      const rows: QueuedRow[] = [];
      for (let i = 0; i < size; i++, testIdx++) {
        const v = <T>(column: number, fixed: T, pool: T[]): T => (varies[column] ? pick(pool) : fixed);
        rows.push({
          skipped: false,
          values: [
            'e',
            `c${testIdx}`,
            v(2, constant.attempt, [1, 2, 3]),
            testIdx,
            v(4, constant.prompt, [0, 1, 2]),
            v(5, constant.repeat, [0, 1, 3]),
            v(6, constant.status, ['pass', 'fail', 'error']),
            v(7, constant.score, [1, 0, 0.5, null, 0.25]),
            v(8, constant.latency, [0, 12, 99]),
            v(9, constant.cost, [null, 0, 0.25]),
            v(10, constant.tokens, [null, 0, 17]),
            v(11, constant.kind, [null, 'provider', 'grading']),
            v(12, constant.error, [null, '', 'boom', 'bang']),
            v(13, constant.provider, ['echo', 'openai:gpt', 'x']),
            v(14, constant.description, [null, 'd', 'e']),
            '',
            v(16, `{"same":true}`, [`{"i":${testIdx}}`, '{}', `{"same":true}`]),
          ],
        });
      }
      expected.push(...rows.map((row) => [...row.values.slice(1, 15), row.values[16]]));
      writer.commit(rows);
    }
    const stored = store.db
      .prepare(
        `SELECT cell_id, attempt, test_idx, prompt_idx, repeat_index, status, score, latency_ms, cost, tokens_total,
                error_kind, error_message, provider, description, body, created_at FROM cells ORDER BY seq`,
      )
      .raw(true)
      .all() as unknown[][];
    store.close();
    expect(stored.map((row) => row.slice(0, 15))).toEqual(expected);
    // created_at: one ISO time per batch.
    expect(stored.every((row) => typeof row[15] === 'string' && !Number.isNaN(Date.parse(row[15] as string)))).toBe(
      true,
    );
  });
});
