// The compare page: two stored evals matched cell by cell with `assay compare`'s own logic
// (src/store/compare.ts), regressions first, paged. The comparison is computed once per pair and
// store version; a page then reads only its cells' outputs.

import { CELL_KEY, findCellPosition } from '../../store/cell-lookup.js';
import { type Comparison, compareEvalCells } from '../../store/compare.js';
import type { CompareCell, EvalCells } from '../../store/eval-source.js';
import { PayloadCodec } from '../../store/payload.js';
import { getListing } from '../../store/queries.js';
import type { EvalResult } from '../../results/types.js';
import type { CellStatus, ComparedCell, ComparePage } from '../contract.js';
import { outputText } from './cell-views.js';
import { storedCompareCells } from './compare-source.js';
import { evalIdFrom } from './eval-pages.js';
import type { ReadStore } from './read-store.js';

interface Entry {
  key: string;
  change: ComparedCell['change'];
  kind?: string;
  base?: CompareCell;
  cand?: CompareCell;
}

interface Computed {
  counts: ComparePage['counts'];
  columns: ComparePage['columns'];
  entries: Entry[];
}

export function comparePage(
  store: ReadStore,
  baselineRef: string,
  candidateRef: string,
  options: { offset: number; limit: number; outputCut: number },
): ComparePage {
  const baselineId = evalIdFrom(store, baselineRef);
  const candidateId = evalIdFrom(store, candidateRef);
  const computed = store.memo(`compare:${baselineId}:${candidateId}`, () => compute(store, baselineId, candidateId));
  const page = computed.entries.slice(options.offset, options.offset + options.limit);
  const codec = new PayloadCodec(store.db);
  const latest = store.db.prepare(
    `SELECT status, score, body FROM cells WHERE ${CELL_KEY} ORDER BY attempt DESC LIMIT 1`,
  );
  const side = (evalId: string, cell: CompareCell | undefined) => {
    if (!cell) return { side: undefined, body: undefined };
    const position = cell.position ?? findCellPosition(store.db, evalId, cell.key);
    const row =
      position &&
      (latest.raw(true).get(evalId, ...position, cell.key) as [CellStatus, number | null, string] | undefined);
    const body = row ? codec.decode<EvalResult>(row[2]) : undefined;
    const text = row && row[0] !== 'skipped' ? outputText(body) : '';
    return {
      body,
      side: {
        status: cell.status,
        score: cell.status === 'skipped' ? undefined : cell.score,
        output: text.length > options.outputCut ? text.slice(0, options.outputCut) : text,
      },
    };
  };
  const cells = page.map((entry): ComparedCell => {
    const base = side(baselineId, entry.base);
    const cand = side(candidateId, entry.cand);
    const any = (entry.cand ?? entry.base)!;
    return {
      cellId: entry.key,
      change: entry.change,
      kind: entry.kind,
      description: any.description,
      vars: (cand.body ?? base.body)?.vars ?? {},
      provider: any.provider,
      promptLabel: any.prompt,
      baseline: base.side,
      candidate: cand.side,
    };
  });
  return {
    baseline: getListing(store.db, baselineId),
    candidate: getListing(store.db, candidateId),
    counts: computed.counts,
    columns: computed.columns,
    total: computed.entries.length,
    cells,
  };
}

function compute(store: ReadStore, baselineId: string, candidateId: string): Computed {
  const baseline = storedCompareCells(store, baselineId);
  const candidate = storedCompareCells(store, candidateId);
  const comparison: Comparison = compareEvalCells(baseline, candidate);
  const entries: Entry[] = [
    ...comparison.regressions.map((c) => ({
      key: c.key,
      change: 'regression' as const,
      kind: c.kind,
      base: c.baseline,
      cand: c.candidate,
    })),
    ...comparison.improvements.map((c) => ({
      key: c.key,
      change: 'improvement' as const,
      kind: c.kind,
      base: c.baseline,
      cand: c.candidate,
    })),
    ...comparison.added.map((c) => ({ key: c.key, change: 'added' as const, cand: c })),
    ...comparison.removed.map((c) => ({ key: c.key, change: 'removed' as const, base: c })),
  ];
  return {
    counts: {
      regression: comparison.regressions.length,
      improvement: comparison.improvements.length,
      added: comparison.added.length,
      removed: comparison.removed.length,
      unchanged: comparison.unchanged,
    },
    columns: columnPassRates(baseline, candidate),
    entries,
  };
}

/** Pass rate per (provider, prompt) column on each side, over the cells that ran. */
function columnPassRates(baseline: EvalCells, candidate: EvalCells): ComparePage['columns'] {
  const rates = (source: EvalCells) => {
    const acc = new Map<string, { ran: number; pass: number }>();
    for (const cell of source.cells.values()) {
      const key = JSON.stringify([cell.provider, cell.prompt]);
      const a = acc.get(key) ?? { ran: 0, pass: 0 };
      if (cell.status !== 'skipped') a.ran++;
      if (cell.status === 'pass') a.pass++;
      acc.set(key, a);
    }
    return acc;
  };
  const base = rates(baseline);
  const cand = rates(candidate);
  const keys = [...new Set([...base.keys(), ...cand.keys()])];
  const rate = (a?: { ran: number; pass: number }) => (a && a.ran > 0 ? a.pass / a.ran : 0);
  return keys.map((key) => {
    const [provider, promptLabel] = JSON.parse(key) as [string, string];
    return { provider, promptLabel, baselinePassRate: rate(base.get(key)), candidatePassRate: rate(cand.get(key)) };
  });
}
