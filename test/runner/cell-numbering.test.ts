// Cells that run exactly the same thing (a test written twice, a var list with a repeated value)
// each get an id of their own, and the n-th copy's id is the same however the run counted it.

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { repeatedCellId } from '../../src/identity/cell-id.js';
import { tempDir } from '../support/cli.js';

let savedHome: string | undefined;
beforeEach(() => {
  savedHome = process.env.ASSAY_HOME;
  process.env.ASSAY_HOME = join(tempDir(), 'home');
});
afterEach(() => {
  process.env.ASSAY_HOME = savedHome;
});

function idsByRow(results: Array<{ testIdx: number; promptIdx: number; cellId?: string }>): string[][] {
  const rows: string[][] = [];
  for (const r of results) (rows[r.testIdx] ??= [])[r.promptIdx] = r.cellId ?? '';
  return rows;
}

describe('numbering identical cells', () => {
  it('a test written three times: the copies are numbered 1 and 2 after the first, column by column', async () => {
    const same = { vars: { q: 'one' } };
    const result = await evaluate(
      {
        prompts: ['A: {{q}}', 'B: {{q}}'],
        providers: ['echo'],
        tests: [same, { vars: { q: 'two' } }, { ...same }, { vars: { q: 'one' } }],
      },
      { write: false },
    );
    const rows = idsByRow(result.results);
    expect(new Set(rows.flat()).size).toBe(8);
    for (const column of [0, 1]) {
      expect(rows[2]![column]).toBe(repeatedCellId(rows[0]![column]!, 1));
      expect(rows[3]![column]).toBe(repeatedCellId(rows[0]![column]!, 2));
    }
  });

  it('a var list with a repeated value and repeats: every cell is distinct and the copy is numbered', async () => {
    const result = await evaluate(
      { prompts: ['Q: {{q}}'], providers: ['echo'], tests: [{ vars: { q: ['x', 'y', 'x'] } }, { vars: { q: 'x' } }] },
      { write: false, repeat: 2 },
    );
    const ids = result.results.map((r) => r.cellId);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    const rows = idsByRow(result.results);
    // Rows: repeat 0 (x, y, x), repeat 1 (x, y, x), then the second test's two repeats.
    expect(rows[2]![0]).toBe(repeatedCellId(rows[0]![0]!, 1));
    expect(rows[5]![0]).toBe(repeatedCellId(rows[3]![0]!, 1));
  });
});
