// One eval: header with counts, filters (kept in the URL), summary, the virtualised matrix, and a
// cell's details. Follows the eval live while it runs.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EvalHeader, EvalSummaryView, LiveProgress, RowFilter } from '../../contract.js';
import type { Route } from '../route.js';
import type { DataSource } from '../source.js';
import { CellDetails } from './cell-details.js';
import { FilterBar } from './filter-bar.js';
import { count, percent, when } from './format.js';
import { Matrix } from './matrix.js';
import type { RenderMode } from './output-view.js';
import { SummaryPanel } from './summary-panel.js';
import type { Navigate } from './use-route.js';
import { useRows } from './use-rows.js';

type EvalRoute = Extract<Route, { page: 'eval' }>;

export function EvalPage({ source, route, navigate }: { source: DataSource; route: EvalRoute; navigate: Navigate }) {
  const [header, setHeader] = useState<EvalHeader>();
  const [summary, setSummary] = useState<EvalSummaryView>();
  const [error, setError] = useState<string>();
  const [live, setLive] = useState<LiveProgress>();
  const [mode, setMode] = useState<RenderMode>('text');
  const [hiddenVars, setHiddenVars] = useState<string[]>([]);
  const [showSummary, setShowSummary] = useState(false);
  const rows = useRows(source, route.id, route.filter);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const loadHeader = () => source.header(route.id).then(setHeader, (err: Error) => setError(err.message));
  // The summary aggregates every cell: fetched only when its panel is open, so it never delays
  // the first screen of a large eval.
  const loadSummary = () => source.summary(route.id).then(setSummary, () => setSummary(undefined));

  useEffect(() => {
    void loadHeader();
  }, [source, route.id]);

  useEffect(() => {
    if (showSummary) void loadSummary();
  }, [source, route.id, showSummary]);

  // Live: while the eval runs, each progress event re-fetches the rows on screen (at most ~4 times
  // a second) so new cells appear within a second.
  const running = header?.listing.status === 'running';
  useEffect(() => {
    if (!running) return;
    const refresh = () => {
      if (refreshTimer.current) return;
      refreshTimer.current = setTimeout(() => {
        refreshTimer.current = undefined;
        rows.refresh();
        void loadHeader();
        if (showSummary) void loadSummary();
      }, 250);
    };
    return source.follow(
      route.id,
      (progress) => {
        setLive(progress);
        refresh();
      },
      () => {
        setLive(undefined);
        rows.refresh();
        void loadHeader();
        if (showSummary) void loadSummary();
      },
    );
  }, [source, route.id, running, rows.refresh, showSummary]);

  const setFilter = (filter: RowFilter, replace = false) =>
    navigate({ page: 'eval', id: route.id, filter, cell: route.cell }, { replace });
  const openCell = (cellId: string | undefined) =>
    navigate({ page: 'eval', id: route.id, filter: route.filter, cell: cellId }, { replace: true });

  const columns = useMemo(() => {
    if (!header) return [];
    const only = route.filter.columns;
    return header.columns.filter((column) => !only || only.includes(column.promptIdx));
  }, [header, route.filter.columns]);

  if (error) return <main class="page error-box">{error}</main>;
  if (!header) return <main class="page muted">Loading…</main>;
  const listing = header.listing;

  return (
    <main class="eval-page">
      <section class="eval-head">
        <div class="eval-title">
          <h1 class="wrap">{listing.description || listing.id}</h1>
          <span class="muted">
            {listing.id} · {when(listing.createdAt)}
          </span>
          <span class={`status-pill ${listing.status}`}>{live ? 'running (live)' : listing.status}</span>
        </div>
        <div class="eval-counts">
          <span>{count(live?.cells ?? listing.cells)} cells</span>
          <span class="pass-text">{count(live?.successes ?? listing.successes)} pass</span>
          <span class="fail-text">{count(live?.failures ?? listing.failures)} fail</span>
          <span class="error-text">{count(live?.errors ?? listing.errors)} error</span>
          <span>pass rate {percent(live?.successes ?? listing.successes, live?.cells ?? listing.cells)}</span>
          <button type="button" class="link-button" onClick={() => setShowSummary(!showSummary)}>
            {showSummary ? 'Hide summary' : 'Summary'}
          </button>
        </div>
      </section>
      {showSummary && summary && <SummaryPanel header={header} summary={summary} />}
      <FilterBar
        header={header}
        filter={route.filter}
        setFilter={setFilter}
        mode={mode}
        setMode={setMode}
        hiddenVars={hiddenVars}
        setHiddenVars={setHiddenVars}
        total={rows.total}
      />
      {rows.error && <div class="error-box">{rows.error}</div>}
      {rows.note && <div class="banner">{rows.note}</div>}
      <Matrix
        header={header}
        columns={columns}
        varNames={header.varNames.filter((name) => !hiddenVars.includes(name))}
        rows={rows}
        mode={mode}
        selectedCell={route.cell}
        onOpenCell={openCell}
      />
      {route.cell && (
        <CellDetails source={source} evalId={route.id} cellId={route.cell} onClose={() => openCell(undefined)} />
      )}
    </main>
  );
}
