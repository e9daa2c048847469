// Compares two evals cell by cell (matched by cell id): regressions first (pass -> fail, score
// drops beyond a threshold, new errors), then improvements, added and removed cells, and per
// provider / per prompt pass-rate, latency and cost deltas. Pure: no I/O, no printing.

import { byContent, type CompareCell, type EvalCells } from './eval-source.js';

export type ChangeKind = 'pass-to-fail' | 'new-error' | 'score-drop' | 'fail-to-pass' | 'error-fixed' | 'score-rise';

export interface CellChange {
  kind: ChangeKind;
  key: string;
  baseline: CompareCell;
  candidate: CompareCell;
}

export interface GroupDelta {
  name: string;
  baseline: GroupStats;
  candidate: GroupStats;
}

export interface GroupStats {
  cells: number;
  passRate: number;
  avgLatencyMs: number;
  cost: number;
}

export interface Comparison {
  baseline: { id: string; label: string; cells: number };
  candidate: { id: string; label: string; cells: number };
  scoreThreshold: number;
  regressions: CellChange[];
  improvements: CellChange[];
  added: CompareCell[];
  removed: CompareCell[];
  unchanged: number;
  byProvider: GroupDelta[];
  byPrompt: GroupDelta[];
}

export const DEFAULT_SCORE_THRESHOLD = 0.1;

export function compareEvalCells(
  baselineSource: EvalCells,
  candidateSource: EvalCells,
  scoreThreshold = DEFAULT_SCORE_THRESHOLD,
): Comparison {
  // A side without cell ids (a promptfoo results.json) is matched on content, on both sides.
  const byId = baselineSource.hasCellIds && candidateSource.hasCellIds;
  const baseline = byId ? baselineSource : byContent(baselineSource);
  const candidate = byId ? candidateSource : byContent(candidateSource);
  const regressions: CellChange[] = [];
  const improvements: CellChange[] = [];
  const added: CompareCell[] = [];
  const removed: CompareCell[] = [];
  let unchanged = 0;
  for (const [key, cand] of candidate.cells) {
    const base = baseline.cells.get(key);
    if (!base) {
      added.push(cand);
      continue;
    }
    const change = classify(base, cand, scoreThreshold);
    if (!change) unchanged++;
    else if (change === 'pass-to-fail' || change === 'new-error' || change === 'score-drop')
      regressions.push({ kind: change, key, baseline: base, candidate: cand });
    else improvements.push({ kind: change, key, baseline: base, candidate: cand });
  }
  for (const [key, base] of baseline.cells) if (!candidate.cells.has(key)) removed.push(base);
  // Worst first: new errors, then pass -> fail, then the biggest score drops.
  const rank: Record<ChangeKind, number> = {
    'new-error': 0,
    'pass-to-fail': 1,
    'score-drop': 2,
    'error-fixed': 0,
    'fail-to-pass': 1,
    'score-rise': 2,
  };
  const order = (a: CellChange, b: CellChange) =>
    rank[a.kind] - rank[b.kind] ||
    Math.abs(b.candidate.score - b.baseline.score) - Math.abs(a.candidate.score - a.baseline.score);
  regressions.sort(order);
  improvements.sort(order);
  return {
    baseline: { id: baseline.id, label: baseline.label, cells: baseline.cells.size },
    candidate: { id: candidate.id, label: candidate.label, cells: candidate.cells.size },
    scoreThreshold,
    regressions,
    improvements,
    added,
    removed,
    unchanged,
    byProvider: groupDeltas(baseline, candidate, (c) => c.provider),
    byPrompt: groupDeltas(baseline, candidate, (c) => c.prompt),
  };
}

function classify(base: CompareCell, cand: CompareCell, threshold: number): ChangeKind | undefined {
  if (cand.status === 'error' && base.status !== 'error') return 'new-error';
  if (base.status === 'error' && cand.status !== 'error' && cand.status !== 'skipped')
    return cand.status === 'pass' ? 'error-fixed' : undefined;
  if (base.status === 'pass' && cand.status === 'fail') return 'pass-to-fail';
  if (base.status === 'fail' && cand.status === 'pass') return 'fail-to-pass';
  if (base.status === 'skipped' || cand.status === 'skipped') return undefined;
  if (base.score - cand.score > threshold) return 'score-drop';
  if (cand.score - base.score > threshold) return 'score-rise';
  return undefined;
}

function groupDeltas(baseline: EvalCells, candidate: EvalCells, groupOf: (cell: CompareCell) => string): GroupDelta[] {
  const base = groupStats(baseline.cells.values(), groupOf);
  const cand = groupStats(candidate.cells.values(), groupOf);
  const names = [...new Set([...base.keys(), ...cand.keys()])].sort();
  const empty: GroupStats = { cells: 0, passRate: 0, avgLatencyMs: 0, cost: 0 };
  return names.map((name) => ({ name, baseline: base.get(name) ?? empty, candidate: cand.get(name) ?? empty }));
}

function groupStats(cells: Iterable<CompareCell>, groupOf: (cell: CompareCell) => string): Map<string, GroupStats> {
  const acc = new Map<string, { cells: number; ran: number; pass: number; latency: number; cost: number }>();
  for (const cell of cells) {
    const name = groupOf(cell);
    const a = acc.get(name) ?? { cells: 0, ran: 0, pass: 0, latency: 0, cost: 0 };
    a.cells++;
    if (cell.status !== 'skipped') {
      a.ran++;
      if (cell.status === 'pass') a.pass++;
      a.latency += cell.latencyMs;
      a.cost += cell.cost;
    }
    acc.set(name, a);
  }
  const out = new Map<string, GroupStats>();
  for (const [name, a] of acc)
    out.set(name, {
      cells: a.cells,
      passRate: a.ran ? a.pass / a.ran : 0,
      avgLatencyMs: a.ran ? a.latency / a.ran : 0,
      cost: a.cost,
    });
  return out;
}
