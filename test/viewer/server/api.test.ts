// The viewer's JSON API over a real store made by real `assay eval` runs: the eval list and its
// search, the header, every row filter, paging and sort, a cell's attempts after --retry-errors,
// the summary, compare, and one JSON error for each bad request.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CellDetail,
  ComparePage,
  EvalHeader,
  EvalListPage,
  EvalSummaryView,
  RowPage,
} from '../../../src/viewer/contract.js';
import type { ViewerServer } from '../../../src/viewer/server/server.js';
import { buildFixture, type ViewerFixture } from './fixture.js';
import { getJson, rawGet, startServer } from './server-helpers.js';

let fx: ViewerFixture;
let server: ViewerServer;

beforeAll(async () => {
  fx = await buildFixture();
  server = await startServer(fx.home);
}, 60_000);
afterAll(() => server?.close());

const rows = (query: string) => getJson<RowPage>(server, `/api/evals/${fx.mainId}/rows?${query}`);
const testIdxs = (page: RowPage) => page.rows.map((r) => r.testIdx);

describe('eval list', () => {
  it('lists newest first and searches id and description', async () => {
    const all = await getJson<EvalListPage>(server, '/api/evals');
    expect(all.total).toBe(2);
    expect(all.evals.map((e) => e.id)).toEqual([fx.brokenId, fx.mainId]);
    const found = await getJson<EvalListPage>(server, '/api/evals?q=CANDIDATE');
    expect(found.evals.map((e) => e.id)).toEqual([fx.brokenId]);
    expect((await getJson<EvalListPage>(server, `/api/evals?q=${fx.mainId}`)).evals.map((e) => e.id)).toEqual([
      fx.mainId,
    ]);
    // LIKE's wildcards are literal text in a search.
    expect((await getJson<EvalListPage>(server, '/api/evals?q=%25')).total).toBe(0);
    const second = await getJson<EvalListPage>(server, '/api/evals?limit=1&offset=1');
    expect(second).toMatchObject({ total: 2, evals: [{ id: fx.mainId }] });
  });
});

describe('eval header', () => {
  it('names the columns, vars, metrics and metadata keys; `latest` and a prefix resolve', async () => {
    const header = await getJson<EvalHeader>(server, `/api/evals/${fx.mainId}`);
    expect(header.listing.id).toBe(fx.mainId);
    expect(header.columns.map((c) => [c.promptIdx, c.promptRaw])).toEqual([
      [0, 'Say {{word}}'],
      [1, 'Shout {{word}}'],
    ]);
    expect(header.columns[0]!.provider).toContain('provider.mjs');
    expect(header.varNames).toEqual(['word']);
    expect(header.totalRows).toBe(5);
    expect(header.metricNames).toEqual(['accuracy']);
    expect(header.metadataKeys).toEqual(['team']);
    expect((await getJson<EvalHeader>(server, '/api/evals/latest')).listing.id).toBe(fx.brokenId);
    expect((await getJson<EvalHeader>(server, `/api/evals/${fx.mainId.slice(0, -2)}`)).listing.id).toBe(fx.mainId);
  });
});

describe('rows', () => {
  it('all rows, each with its vars, description, metadata and cells in column order', async () => {
    const page = await rows('');
    expect(page.total).toBe(5);
    expect(testIdxs(page)).toEqual([0, 1, 2, 3, 4]);
    const first = page.rows[0]!;
    expect(first).toMatchObject({ description: 'greeting row', vars: { word: 'hello' }, metadata: { team: 'red' } });
    expect(first.cells.map((c) => [c?.promptIdx, c?.status, c?.output])).toEqual([
      [0, 'pass', 'Say hello'],
      [1, 'pass', 'Shout hello'],
    ]);
    expect(first.cells[0]!.namedScores).toEqual({ accuracy: 1 });
    const failing = page.rows[1]!.cells[0]!;
    expect(failing.status).toBe('fail');
    expect(failing.failureReasons.join(' ')).toContain('never-there');
    // The errored row was fixed by --retry-errors: its final state passes, on the second attempt.
    expect(page.rows[2]!.cells.map((c) => [c?.status, c?.attempts])).toEqual([
      ['pass', 2],
      ['pass', 2],
    ]);
    expect(page.rows[4]!.cells[1]).toMatchObject({
      status: 'error',
      errorKind: 'provider',
      failureReasons: [expect.stringContaining('always broken')],
    });
  });

  it('filters by outcome: failures, errors, passes, differs', async () => {
    expect(testIdxs(await rows('show=failures'))).toEqual([1, 3]);
    expect(testIdxs(await rows('show=passes'))).toEqual([0, 2, 3]);
    expect(testIdxs(await rows('show=differs'))).toEqual([3]);
    expect(testIdxs(await rows('show=errors'))).toEqual([4]);
  });

  it('searches vars, description and outputs as text (case-insensitive) or as a regex', async () => {
    expect(testIdxs(await rows('q=GOODBYE'))).toEqual([1]);
    expect(testIdxs(await rows('q=greeting'))).toEqual([0]);
    expect(testIdxs(await rows('q=shout%20mix'))).toEqual([3]);
    expect(testIdxs(await rows(`q=${encodeURIComponent('^shout (hello|err)$')}&regex=1`))).toEqual([0, 2]);
    // `_` is not a wildcard in a text search.
    expect((await rows('q=s_y')).total).toBe(0);
  });

  it('filters by metric, metadata and columns, combined with other filters', async () => {
    expect(testIdxs(await rows('metric=accuracy'))).toEqual([0, 1]);
    expect(testIdxs(await rows('meta=team%3Dblue'))).toEqual([1]);
    expect(testIdxs(await rows('meta=team'))).toEqual([0, 1]);
    // Only column 1 (Shout …): row 3 fails there, and cells of column 0 are left out.
    const shout = await rows('columns=1&show=failures');
    expect(testIdxs(shout)).toEqual([1, 3]);
    expect(shout.rows[0]!.cells[0]).toBeNull();
    expect(shout.rows[0]!.cells[1]!.output).toBe('Shout goodbye');
    expect(testIdxs(await rows('columns=0&show=differs'))).toEqual([]);
  });

  it('pages and sorts', async () => {
    const page = await rows('offset=1&limit=2');
    expect(page).toMatchObject({ total: 5, offset: 1 });
    expect(testIdxs(page)).toEqual([1, 2]);
    // Worst average score first; ties in row order.
    expect(testIdxs(await rows('sort=score'))).toEqual([1, 4, 3, 0, 2]);
    expect(testIdxs(await rows('sort=-score'))).toEqual([0, 2, 3, 1, 4]);
  });

  it('cuts long outputs to outputCut and says so', async () => {
    const page = await rows('outputCut=3&limit=1');
    expect(page.rows[0]!.cells[0]).toMatchObject({ output: 'Say', outputTruncated: true });
  });
});

describe('cell details', () => {
  it('has the full result and every earlier attempt after --retry-errors', async () => {
    const page = await rows('q=ERR');
    const cellId = page.rows[0]!.cells[0]!.cellId;
    const detail = await getJson<CellDetail>(server, `/api/evals/${fx.mainId}/cells/${cellId}`);
    expect(detail.status).toBe('pass');
    expect(detail.final.kind).toBe('result');
    if (detail.final.kind !== 'result') return;
    expect(detail.final.result.response?.output).toBe('Say ERR');
    expect(detail.final.result.prompt.raw).toBe('Say ERR');
    expect(detail.final.result.gradingResult?.componentResults?.[0]?.pass).toBe(true);
    expect(detail.final.result.attempts).toBe(2);
    expect(detail.earlier).toEqual([
      expect.objectContaining({
        attempt: 1,
        status: 'error',
        errorMessage: expect.stringContaining('upstream exploded'),
      }),
    ]);
  });
});

describe('summary', () => {
  it('counts each column and bins its scores', async () => {
    const summary = await getJson<EvalSummaryView>(server, `/api/evals/${fx.mainId}/summary`);
    expect(summary.columns.map((c) => [c.promptIdx, c.pass, c.fail, c.error, c.skipped])).toEqual([
      [0, 3, 1, 1, 0],
      [1, 2, 2, 1, 0],
    ]);
    for (const column of summary.columns) {
      expect(column.scoreHistogram).toHaveLength(10);
      expect(column.scoreHistogram[9]).toBe(column.pass);
      expect(column.scoreHistogram[0]).toBe(column.fail);
      expect(column.avgLatencyMs).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('compare', () => {
  it('puts the regression first with both outputs, and per-column pass rates', async () => {
    const page = await getJson<ComparePage>(server, `/api/compare?baseline=${fx.mainId}&candidate=${fx.brokenId}`);
    expect(page.baseline.id).toBe(fx.mainId);
    expect(page.counts).toMatchObject({ regression: 2, improvement: 0, added: 0, removed: 0, unchanged: 8 });
    expect(page.total).toBe(2);
    const first = page.cells[0]!;
    expect(first).toMatchObject({ change: 'regression', kind: 'pass-to-fail', vars: { word: 'hello' } });
    expect(first.baseline).toMatchObject({ status: 'pass', output: expect.stringMatching(/hello$/) });
    expect(first.candidate).toMatchObject({ status: 'fail', output: expect.stringMatching(/bye$/) });
    const say = page.columns.find((c) => c.promptLabel === 'Say {{word}}')!;
    expect(say).toMatchObject({ baselinePassRate: 0.6, candidatePassRate: 0.4 });
    const second = await getJson<ComparePage>(
      server,
      `/api/compare?baseline=${fx.mainId}&candidate=${fx.brokenId}&offset=1&limit=1`,
    );
    expect(second.cells).toHaveLength(1);
  });
});

describe('bad requests', () => {
  const errorOf = async (path: string) => {
    const res = await rawGet(server.port, path);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(res.body) as { error: string };
    expect(body.error).not.toMatch(/\n\s+at /);
    return { status: res.status, error: body.error };
  };

  it('answers one JSON error, never a stack trace', async () => {
    expect(await errorOf('/api/evals/eval-nope')).toEqual({ status: 404, error: expect.stringContaining('eval-nope') });
    expect((await errorOf(`/api/evals/${fx.mainId}/cells/no-such-cell`)).status).toBe(404);
    expect(await errorOf(`/api/evals/${fx.mainId}/rows?show=weird`)).toEqual({
      status: 400,
      error: expect.stringContaining('show must be one of'),
    });
    expect((await errorOf(`/api/evals/${fx.mainId}/rows?limit=-1`)).status).toBe(400);
    expect((await errorOf(`/api/evals/${fx.mainId}/rows?columns=a,b`)).status).toBe(400);
    expect((await errorOf(`/api/evals/${fx.mainId}/rows?sort=bogus`)).status).toBe(400);
    expect(await errorOf(`/api/evals/${fx.mainId}/rows?q=(unclosed&regex=1`)).toEqual({
      status: 400,
      error: expect.stringContaining('regular expression'),
    });
    expect((await errorOf('/api/compare?baseline=x')).status).toBe(400);
    expect((await errorOf(`/api/compare?baseline=${fx.mainId}&candidate=eval-gone`)).status).toBe(404);
    expect((await errorOf('/api/nothing-here')).status).toBe(404);
    expect((await errorOf('/api/evals/%E0%A4%A')).status).toBe(400);
  });

  it('is read-only: anything but GET is refused', async () => {
    const res = await fetch(`${server.url}api/evals`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});
