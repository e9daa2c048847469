// Two evals side by side: pick a baseline and a candidate, see per-column pass-rate deltas and the
// matched cells, regressions first, each with both outputs and the differing words highlighted.

import { useEffect, useState } from 'preact/hooks';
import type { ComparedCell, ComparePage as ComparePageData, EvalListing } from '../../contract.js';
import { valueText } from '../embedded-filter.js';
import type { Route } from '../route.js';
import type { DataSource } from '../source.js';
import { wordDiff } from '../word-diff.js';
import { count, percent, score, when } from './format.js';
import type { Navigate } from './use-route.js';

type CompareRoute = Extract<Route, { page: 'compare' }>;
const PAGE = 50;

export function ComparePage({
  source,
  route,
  navigate,
}: {
  source: DataSource;
  route: CompareRoute;
  navigate: Navigate;
}) {
  const [evals, setEvals] = useState<EvalListing[]>([]);
  const [data, setData] = useState<ComparePageData>();
  const [cells, setCells] = useState<ComparedCell[]>([]);
  const [error, setError] = useState<string>();
  const { baseline, candidate } = route;

  useEffect(() => {
    source.listEvals('', 0, 200).then(
      (page) => setEvals(page.evals),
      (err: Error) => setError(err.message),
    );
  }, [source]);

  useEffect(() => {
    setData(undefined);
    setCells([]);
    setError(undefined);
    if (!baseline || !candidate) return;
    source.compare(baseline, candidate, 0, PAGE).then(
      (page) => {
        setData(page);
        setCells(page.cells);
      },
      (err: Error) => setError(err.message),
    );
  }, [source, baseline, candidate]);

  const more = () =>
    source.compare(baseline!, candidate!, cells.length, PAGE).then(
      (page) => setCells((prev) => [...prev, ...page.cells]),
      (err: Error) => setError(err.message),
    );

  const pick = (which: 'baseline' | 'candidate', id: string) =>
    navigate({ page: 'compare', baseline, candidate, [which]: id || undefined });

  return (
    <main class="page compare-page">
      <div class="toolbar">
        <EvalPicker label="Baseline" evals={evals} value={baseline} onPick={(id) => pick('baseline', id)} />
        <span class="arrow">→</span>
        <EvalPicker label="Candidate" evals={evals} value={candidate} onPick={(id) => pick('candidate', id)} />
      </div>
      {error && <div class="error-box">{error}</div>}
      {(!baseline || !candidate) && <p class="muted">Pick a baseline and a candidate eval to compare.</p>}
      {data && (
        <>
          <section class="compare-counts">
            {(['regression', 'improvement', 'added', 'removed', 'unchanged'] as const).map((change) => {
              const n = data.counts[change] ?? 0;
              const word =
                change === 'regression' || change === 'improvement' ? `${change}${n === 1 ? '' : 's'}` : change;
              return (
                <span key={change} class={`change-pill ${change}`}>
                  {count(n)} {word}
                </span>
              );
            })}
          </section>
          <table class="summary-table deltas">
            <thead>
              <tr>
                <th>Provider · prompt</th>
                <th>Baseline</th>
                <th>Candidate</th>
                <th>Δ pass rate</th>
              </tr>
            </thead>
            <tbody>
              {data.columns.map((column) => {
                const delta = column.candidatePassRate - column.baselinePassRate;
                return (
                  <tr key={`${column.provider}|${column.promptLabel}`}>
                    <td class="wrap">
                      {column.provider} · {column.promptLabel}
                    </td>
                    <td class="num">{percent(column.baselinePassRate, 1)}</td>
                    <td class="num">{percent(column.candidatePassRate, 1)}</td>
                    <td class={`num ${delta < 0 ? 'fail-text' : delta > 0 ? 'pass-text' : ''}`}>
                      {delta > 0 ? '+' : ''}
                      {(delta * 100).toFixed(1)} pts
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div class="compared-cells">
            {cells.map((cell) => (
              <ComparedCellView key={cell.cellId} cell={cell} />
            ))}
          </div>
          {cells.length < data.total && (
            <button type="button" onClick={more}>
              Show more ({count(data.total - cells.length)} left)
            </button>
          )}
        </>
      )}
    </main>
  );
}

function EvalPicker(props: { label: string; evals: EvalListing[]; value?: string; onPick: (id: string) => void }) {
  const known = props.evals.some((e) => e.id === props.value);
  return (
    <label class="picker">
      {props.label}
      <select value={props.value ?? ''} onChange={(e) => props.onPick(e.currentTarget.value)}>
        <option value="">choose an eval…</option>
        {props.value && !known && <option value={props.value}>{props.value}</option>}
        {props.evals.map((e) => (
          <option key={e.id} value={e.id}>
            {e.id} · {when(e.createdAt)} {e.description ? `· ${e.description.slice(0, 60)}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

function ComparedCellView({ cell }: { cell: ComparedCell }) {
  const before = cell.baseline?.output ?? '';
  const after = cell.candidate?.output ?? '';
  const parts = cell.baseline && cell.candidate ? wordDiff(before, after) : undefined;
  const vars = Object.entries(cell.vars)
    .map(([name, value]) => `${name}: ${valueText(value)}`)
    .join(' · ');
  return (
    <article class={`compared change-${cell.change}`} data-change={cell.change}>
      <header>
        <span class={`change-pill ${cell.change}`}>{cell.kind ?? cell.change}</span>
        <span class="wrap">
          {cell.provider} · {cell.promptLabel}
        </span>
        {cell.description && <strong class="wrap">{cell.description}</strong>}
        <span class="muted wrap">{vars}</span>
      </header>
      <div class="side-by-side">
        <Side title="Baseline" side={cell.baseline}>
          {parts
            ? parts
                .filter((p) => p.kind !== 'added')
                .map((p, i) => (p.kind === 'removed' ? <del key={i}>{p.text}</del> : p.text))
            : before}
        </Side>
        <Side title="Candidate" side={cell.candidate}>
          {parts
            ? parts
                .filter((p) => p.kind !== 'removed')
                .map((p, i) => (p.kind === 'added' ? <ins key={i}>{p.text}</ins> : p.text))
            : after}
        </Side>
      </div>
    </article>
  );
}

function Side(props: { title: string; side: ComparedCell['baseline']; children: preact.ComponentChildren }) {
  return (
    <div class="side">
      <div class="side-head">
        {props.title}{' '}
        {props.side ? (
          <>
            <span class={`badge ${props.side.status}`}>{props.side.status.toUpperCase()}</span>{' '}
            {props.side.score !== undefined && `score ${score(props.side.score)}`}
          </>
        ) : (
          <em class="muted">no cell</em>
        )}
      </div>
      <pre class="output">{props.children}</pre>
    </div>
  );
}
