// Where compare and show read an eval from: the store (an id, a unique prefix, or `latest`) or a
// promptfoo-shape results.json (Assay's own or promptfoo's), so runs made elsewhere compare too.

import { existsSync, readFileSync } from 'node:fs';
import { AssayError } from '../errors.js';
import { shortHash, stableStringify } from '../identity/cell-id.js';
import { FailureReason, type EvalResult } from '../results/types.js';
import type { Db } from './open-store.js';
import { getListing, iterateLatestCells, resolveEvalId } from './queries.js';

export type CellOutcome = 'pass' | 'fail' | 'error' | 'skipped';

/** What compare needs of one cell; small, so two 100,000-cell evals fit easily. */
export interface CompareCell {
  key: string;
  provider: string;
  prompt: string;
  description?: string;
  vars: string;
  status: CellOutcome;
  score: number;
  latencyMs: number;
  cost: number;
  error?: string;
}

export interface EvalCells {
  id: string;
  label: string;
  cells: Map<string, CompareCell>;
}

export function looksLikeFile(ref: string): boolean {
  return /\.json$/i.test(ref) && existsSync(ref);
}

export function loadEvalCells(ref: string, openDb: () => Db): EvalCells {
  if (looksLikeFile(ref)) return fromResultsFile(ref);
  const db = openDb();
  const id = resolveEvalId(db, ref);
  const listing = getListing(db, id);
  const cells = new Map<string, CompareCell>();
  for (const cell of iterateLatestCells(db, id)) {
    if (cell.kind === 'result') add(cells, fromResult(cell.result));
    else {
      const c = cell.cell;
      add(cells, { key: c.cellId ?? fallbackKey(c.vars, c.provider, c.prompt.label, c.description, c.repeatIndex), provider: c.provider.label ?? c.provider.id, prompt: c.prompt.label, description: c.description, vars: varsText(c.vars), status: 'skipped', score: 0, latencyMs: 0, cost: 0, error: c.reason });
    }
  }
  return { id, label: `${id}${listing.description ? ` (${listing.description})` : ''}`, cells };
}

function fromResultsFile(path: string): EvalCells {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AssayError('USAGE', `${path} is not a readable results.json (${err instanceof Error ? err.message : String(err)}).`);
  }
  const doc = parsed as { evalId?: string; results?: { results?: unknown } };
  const results = doc?.results?.results;
  if (!Array.isArray(results)) throw new AssayError('USAGE', `${path} is not a promptfoo-shape results file: it has no results.results list.`);
  const cells = new Map<string, CompareCell>();
  for (const item of results as EvalResult[]) {
    if (item && typeof item === 'object') add(cells, fromResult(item));
  }
  return { id: doc.evalId ?? path, label: path, cells };
}

function add(cells: Map<string, CompareCell>, cell: CompareCell): void {
  cells.set(cell.key, cell);
}

export function fromResult(result: EvalResult): CompareCell {
  const provider = result.provider ?? { id: 'unknown' };
  const prompt = result.prompt ?? { raw: '', label: '' };
  const status: CellOutcome = result.failureReason === FailureReason.ERROR ? 'error' : result.success ? 'pass' : 'fail';
  return {
    // promptfoo's own results have no cell id: match them on what the cell ran.
    key: result.cellId ?? fallbackKey(result.vars, provider, prompt.label, result.description ?? result.testCase?.description, result.repeatIndex),
    provider: provider.label ?? provider.id,
    prompt: prompt.label,
    description: result.description ?? result.testCase?.description,
    vars: varsText(result.vars),
    status,
    score: Number.isFinite(result.score) ? result.score : 0,
    latencyMs: result.latencyMs ?? 0,
    cost: result.cost ?? 0,
    error: result.error ?? undefined,
  };
}

function fallbackKey(vars: unknown, provider: { id: string; label?: string }, promptLabel: string, description: string | undefined, repeatIndex: number | undefined): string {
  return shortHash(stableStringify(['file/1', vars ?? {}, provider.id, provider.label ?? null, promptLabel, description ?? null, repeatIndex ?? 0]));
}

function varsText(vars: unknown): string {
  const text = JSON.stringify(vars ?? {});
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
