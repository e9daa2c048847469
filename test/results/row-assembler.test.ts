import { describe, expect, it } from 'vitest';
import { RowAssembler, type AssembledRow } from '../../src/results/row-assembler.js';

describe('RowAssembler', () => {
  it('emits whole rows in testIdx order while cells arrive in any order, holding only pending rows', () => {
    const rows: AssembledRow<string>[] = [];
    const a = new RowAssembler<string>({ columns: 2, totalRows: 3, onRow: (r) => rows.push(r) });
    a.add(1, 1, 'b1');
    a.add(2, 0, 'c0');
    a.add(1, 0, 'b0');
    expect(rows).toHaveLength(0);
    expect(a.rowsPending()).toBe(2);
    a.add(0, 1, 'a1');
    a.add(0, 0, 'a0');
    expect(rows.map((r) => r.testIdx)).toEqual([0, 1]);
    expect(rows[0]!.cells).toEqual(['a0', 'a1']);
    expect(a.rowsPending()).toBe(1);
    a.add(2, 1, 'c1');
    expect(rows.map((r) => r.testIdx)).toEqual([0, 1, 2]);
    expect(rows.every((r) => r.complete)).toBe(true);
    expect(a.rowsPending()).toBe(0);
  });

  it('waits only for the cells a filtered row expects and skips rows with none', () => {
    const rows: number[] = [];
    const expected = [1, 0, 2];
    const a = new RowAssembler<string>({
      columns: 2,
      totalRows: 3,
      expectedCells: (t) => expected[t] ?? 0,
      onRow: (r) => rows.push(r.testIdx),
    });
    a.add(2, 0, 'x');
    a.add(0, 1, 'y');
    expect(rows).toEqual([0]);
    a.add(2, 1, 'z');
    expect(rows).toEqual([0, 2]);
  });

  it('flush emits incomplete rows in order for aborted runs', () => {
    const rows: AssembledRow<string>[] = [];
    const a = new RowAssembler<string>({ columns: 2, onRow: (r) => rows.push(r) });
    a.add(3, 0, 'd0');
    a.add(1, 1, 'b1');
    a.flush();
    expect(rows.map((r) => [r.testIdx, r.complete])).toEqual([
      [1, false],
      [3, false],
    ]);
    expect(rows[0]!.cells[0]).toBeUndefined();
    expect(rows[0]!.cells[1]).toBe('b1');
    expect(a.rowsEmitted()).toBe(2);
  });
});
