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
  /** The cell id, or `contentKey` when the source has none (promptfoo's own results). */
  key: string;
  /** What the cell ran as far as any results file tells (vars, provider, prompt label, description, repeat). */
  contentKey: string;
  provider: string;
  prompt: string;
  description?: string;
  vars: string;
  status: CellOutcome;
  score: number;
  latencyMs: number;
  cost: number;
  error?: string;
  /** A stored cell's grid position [test_idx, prompt_idx], to read it again by its key (cell-lookup.ts). */
  position?: [number, number];
}

export interface EvalCells {
  id: string;
  label: string;
  cells: Map<string, CompareCell>;
  /** False when some cell had no cell id: compare then matches both sides on `contentKey`. */
  hasCellIds: boolean;
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
      const contentKey = fallbackKey(c.vars, c.provider, c.prompt.label, c.description, c.repeatIndex);
      add(cells, {
        key: c.cellId ?? contentKey,
        contentKey,
        provider: c.provider.label ?? c.provider.id,
        prompt: c.prompt.label,
        description: c.description,
        vars: varsText(c.vars),
        status: 'skipped',
        score: 0,
        latencyMs: 0,
        cost: 0,
        error: c.reason,
      });
    }
  }
  return {
    id,
    label: `${id}${listing.description ? ` (${listing.description})` : ''}`,
    cells,
    hasCellIds: allHaveIds(cells),
  };
}

function fromResultsFile(path: string): EvalCells {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AssayError(
      'USAGE',
      `${path} is not a readable results.json (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  const doc = parsed as { evalId?: string; results?: { results?: unknown } };
  const results = doc?.results?.results;
  if (!Array.isArray(results))
    throw new AssayError('USAGE', `${path} is not a promptfoo-shape results file: it has no results.results list.`);
  const cells = new Map<string, CompareCell>();
  for (const item of results as EvalResult[]) {
    if (item && typeof item === 'object') add(cells, fromResult(item));
  }
  return { id: doc.evalId ?? path, label: path, cells, hasCellIds: allHaveIds(cells) };
}

function add(cells: Map<string, CompareCell>, cell: CompareCell): void {
  cells.set(cell.key, cell);
}

function allHaveIds(cells: Map<string, CompareCell>): boolean {
  for (const cell of cells.values()) if (cell.key === cell.contentKey) return false;
  return true;
}

/** The same cells keyed by content, for matching against a source without cell ids. */
export function byContent(source: EvalCells): EvalCells {
  const cells = new Map<string, CompareCell>();
  for (const cell of source.cells.values()) cells.set(cell.contentKey, { ...cell, key: cell.contentKey });
  return { ...source, cells, hasCellIds: false };
}

export function fromResult(result: EvalResult): CompareCell {
  const provider = result.provider ?? { id: 'unknown' };
  const prompt = result.prompt ?? { raw: '', label: '' };
  const status: CellOutcome = result.failureReason === FailureReason.ERROR ? 'error' : result.success ? 'pass' : 'fail';
  // promptfoo's own results have no cell id: match them on what the cell ran.
  const contentKey = fallbackKey(
    result.vars,
    provider,
    prompt.label,
    result.description ?? result.testCase?.description,
    result.repeatIndex,
  );
  return {
    key: result.cellId ?? contentKey,
    contentKey,
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

function fallbackKey(
  vars: unknown,
  provider: { id: string; label?: string },
  promptLabel: string,
  description: string | undefined,
  repeatIndex: number | undefined,
): string {
  return shortHash(
    stableStringify([
      'file/1',
      vars ?? {},
      provider.id,
      provider.label ?? null,
      promptLabel,
      description ?? null,
      repeatIndex ?? 0,
    ]),
  );
}

function varsText(vars: unknown): string {
  const text = JSON.stringify(vars ?? {});
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
