// `assay compare <baseline> <candidate>`: cells matched by id, regressions first; prints Markdown,
// `-o` writes .md / .json / .html; `--fail-on-regression` exits 100 when anything regressed.

import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { AssayError } from '../errors.js';
import { compareEvalCells, DEFAULT_SCORE_THRESHOLD } from '../store/compare.js';
import { renderComparison } from '../store/compare-report.js';
import { loadEvalCells } from '../store/eval-source.js';
import { openStore, type Store } from '../store/open-store.js';

export const EXIT_REGRESSION = 100;

export interface CompareOptions {
  output?: string[];
  failOnRegression?: boolean;
  scoreThreshold?: string;
}

export function compareCommand(baselineRef: string, candidateRef: string, options: CompareOptions): void {
  const threshold = options.scoreThreshold === undefined ? DEFAULT_SCORE_THRESHOLD : Number(options.scoreThreshold);
  if (!Number.isFinite(threshold) || threshold < 0)
    throw new AssayError('USAGE', `--score-threshold must be a number of at least 0, got "${options.scoreThreshold}"`);
  const formats = (options.output ?? []).map((path) => ({ path, format: formatOf(path) }));
  let store: Store | undefined;
  const db = () => (store ??= openStore(undefined, { mustExist: true })).db;
  try {
    const comparison = compareEvalCells(loadEvalCells(baselineRef, db), loadEvalCells(candidateRef, db), threshold);
    process.stdout.write(renderComparison(comparison, 'md'));
    for (const { path, format } of formats) writeFileSync(path, renderComparison(comparison, format));
    if (formats.length) process.stdout.write(`\nWrote ${formats.map((f) => f.path).join(', ')}\n`);
    if (options.failOnRegression && comparison.regressions.length > 0) process.exitCode = EXIT_REGRESSION;
  } finally {
    store?.close();
  }
}

function formatOf(path: string): 'md' | 'json' | 'html' {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.json') return 'json';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new AssayError('USAGE', `compare -o writes .md, .json or .html, got "${path}"`);
}
