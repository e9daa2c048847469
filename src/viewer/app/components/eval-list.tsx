// The store's evals, newest first, searchable by id or description; pick two to compare.

import { useEffect, useState } from 'preact/hooks';
import type { EvalListing } from '../../contract.js';
import type { DataSource } from '../source.js';
import { count, percent, when } from './format.js';
import type { Navigate } from './use-route.js';

const PAGE = 50;

export function EvalList({ source, q, navigate }: { source: DataSource; q: string; navigate: Navigate }) {
  const [query, setQuery] = useState(q);
  const [evals, setEvals] = useState<EvalListing[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string>();
  const [picked, setPicked] = useState<string[]>([]);

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      navigate(query ? { page: 'list', q: query } : { page: 'list' }, { replace: true });
      source.listEvals(query, 0, PAGE).then(
        (page) => {
          if (stale) return;
          setEvals(page.evals);
          setTotal(page.total);
          setError(undefined);
        },
        (err: Error) => !stale && setError(err.message),
      );
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [source, query, navigate]);

  const more = () =>
    source.listEvals(query, evals.length, PAGE).then((page) => setEvals((prev) => [...prev, ...page.evals]));

  const toggle = (id: string) =>
    setPicked((prev) => (prev.includes(id) ? prev.filter((p) => p !== id) : [...prev.slice(-1), id]));

  const compare = () => {
    // Older one is the baseline: the list is newest first.
    const [a, b] = picked
      .map((id) => evals.find((e) => e.id === id)!)
      .sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    navigate({ page: 'compare', baseline: a!.id, candidate: b!.id });
  };

  return (
    <main class="page list-page">
      <div class="toolbar">
        <input
          class="search"
          type="search"
          placeholder="Search evals by id or description"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          aria-label="Search evals"
        />
        <span class="muted">{count(total)} evals</span>
        <button type="button" disabled={picked.length !== 2} onClick={compare}>
          Compare selected
        </button>
      </div>
      {error && <div class="error-box">{error}</div>}
      <table class="eval-table">
        <thead>
          <tr>
            <th />
            <th>Eval</th>
            <th>Description</th>
            <th>Created</th>
            <th>Status</th>
            <th>Cells</th>
            <th>Pass</th>
            <th>Fail</th>
            <th>Error</th>
            <th>Pass rate</th>
          </tr>
        </thead>
        <tbody>
          {evals.map((item) => (
            <tr key={item.id}>
              <td>
                <input
                  type="checkbox"
                  checked={picked.includes(item.id)}
                  onChange={() => toggle(item.id)}
                  aria-label={`Pick ${item.id} to compare`}
                />
              </td>
              <td>
                <a href={`#/eval/${encodeURIComponent(item.id)}`} class="eval-link">
                  {item.id}
                </a>
              </td>
              <td class="wrap">{item.description ?? ''}</td>
              <td class="nowrap">{when(item.createdAt)}</td>
              <td>
                <span class={`status-pill ${item.status}`}>{item.status}</span>
              </td>
              <td class="num">{count(item.cells)}</td>
              <td class="num pass-text">{count(item.successes)}</td>
              <td class="num fail-text">{count(item.failures)}</td>
              <td class="num error-text">{count(item.errors)}</td>
              <td class="num">{percent(item.successes, item.cells)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {evals.length === 0 && !error && <p class="muted empty">No evals match. Run `assay eval` to record one.</p>}
      {evals.length < total && (
        <button type="button" onClick={more}>
          Show more
        </button>
      )}
    </main>
  );
}
