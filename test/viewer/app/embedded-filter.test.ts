import { describe, expect, it } from 'vitest';
import type { CellStatus, CellSummary, ViewRow } from '../../../src/viewer/contract.js';
import { FilterError, filterRows } from '../../../src/viewer/app/embedded-filter.js';

function cell(promptIdx: number, testIdx: number, status: CellStatus, output: string, namedScores = {}): CellSummary {
  return {
    cellId: `c${testIdx}-${promptIdx}`,
    promptIdx,
    testIdx,
    status,
    output,
    outputTruncated: false,
    failureReasons: [],
    attempts: 1,
    namedScores,
  };
}

const rows: ViewRow[] = [
  {
    testIdx: 0,
    description: 'Capital of France',
    vars: { country: 'France' },
    cells: [cell(0, 0, 'pass', 'Paris'), cell(1, 0, 'pass', 'Paris')],
  },
  {
    testIdx: 1,
    vars: { country: 'Spain' },
    metadata: { lang: 'es' },
    cells: [cell(0, 1, 'fail', 'Barcelona'), cell(1, 1, 'pass', 'Madrid')],
  },
  { testIdx: 2, vars: { country: { name: 'Peru' } }, cells: [cell(0, 2, 'error', ''), null] },
  {
    testIdx: 3,
    vars: { country: 'Chile' },
    cells: [cell(0, 3, 'fail', 'Lima', { accuracy: 0 }), cell(1, 3, 'fail', 'Lima')],
  },
];

const ids = (filter: Parameters<typeof filterRows>[1]) => filterRows(rows, filter).map((row) => row.testIdx);

describe('the report filters its embedded rows like the server', () => {
  it('shows failures, errors, passes and rows whose outcomes differ between columns', () => {
    expect(ids({})).toEqual([0, 1, 2, 3]);
    expect(ids({ show: 'failures' })).toEqual([1, 3]);
    expect(ids({ show: 'errors' })).toEqual([2]);
    expect(ids({ show: 'passes' })).toEqual([0, 1]);
    expect(ids({ show: 'differs' })).toEqual([1]);
  });

  it('searches vars, description and outputs case-insensitively, or by regex', () => {
    expect(ids({ q: 'paris' })).toEqual([0]);
    expect(ids({ q: 'france' })).toEqual([0]);
    expect(ids({ q: 'peru' })).toEqual([2]);
    expect(ids({ q: '^(madrid|lima)$', regex: true })).toEqual([1, 3]);
    expect(() => filterRows(rows, { q: '(', regex: true })).toThrow(FilterError);
  });

  it('filters by metric and metadata', () => {
    expect(ids({ metric: 'accuracy' })).toEqual([3]);
    expect(ids({ meta: 'lang=es' })).toEqual([1]);
    expect(ids({ meta: 'lang=fr' })).toEqual([]);
    expect(ids({ meta: 'lang' })).toEqual([1]);
  });

  it('hides the other columns from cells and from the filters', () => {
    const only1 = filterRows(rows, { columns: [1], show: 'failures' });
    expect(only1.map((row) => row.testIdx)).toEqual([3]);
    expect(only1[0]!.cells[0]).toBeNull();
    expect(only1[0]!.cells[1]!.status).toBe('fail');
    expect(ids({ columns: [1], show: 'differs' })).toEqual([]);
  });
});
