// The eval's summary: pass rate and score histogram per column, tokens/cost/latency per provider.

import type { ColumnSummary, EvalHeader, EvalSummaryView } from '../../contract.js';
import { count, money, ms, percent } from './format.js';

export function SummaryPanel({ header, summary }: { header: EvalHeader; summary: EvalSummaryView }) {
  const byIdx = new Map(header.columns.map((c) => [c.promptIdx, c]));
  return (
    <section class="summary">
      <table class="summary-table">
        <thead>
          <tr>
            <th>Provider · prompt</th>
            <th>Pass rate</th>
            <th>Pass</th>
            <th>Fail</th>
            <th>Error</th>
            <th>Skipped</th>
            <th>Scores (0 → 1)</th>
            <th>Avg latency</th>
            <th>Tokens</th>
            <th>Cost</th>
          </tr>
        </thead>
        <tbody>
          {summary.columns.map((col) => {
            const column = byIdx.get(col.promptIdx);
            const cells = col.pass + col.fail + col.error + col.skipped;
            return (
              <tr key={col.promptIdx}>
                <td class="wrap">
                  {column ? `${column.providerLabel ?? column.provider} · ${column.promptLabel}` : col.promptIdx}
                </td>
                <td>
                  <div class="rate">
                    <div class="rate-bar" style={{ width: `${cells ? (col.pass / cells) * 100 : 0}%` }} />
                    <span>{percent(col.pass, cells)}</span>
                  </div>
                </td>
                <td class="num pass-text">{count(col.pass)}</td>
                <td class="num fail-text">{count(col.fail)}</td>
                <td class="num error-text">{count(col.error)}</td>
                <td class="num">{count(col.skipped)}</td>
                <td>
                  <Histogram bins={col.scoreHistogram} />
                </td>
                <td class="num">{ms(col.avgLatencyMs)}</td>
                <td class="num">{count(col.totalTokens)}</td>
                <td class="num">{money(col.totalCost)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ProviderTotals header={header} columns={summary.columns} />
    </section>
  );
}

function Histogram({ bins }: { bins: number[] }) {
  const max = Math.max(1, ...bins);
  return (
    <div
      class="histogram"
      title={bins.map((n, i) => `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}: ${n}`).join('\n')}
    >
      {bins.map((n, i) => (
        <div key={i} class={n ? 'bin' : 'bin zero'} style={{ height: `${(n / max) * 100}%` }} />
      ))}
    </div>
  );
}

/** Columns of the same provider added up: what each provider cost, used and took. */
function ProviderTotals({ header, columns }: { header: EvalHeader; columns: ColumnSummary[] }) {
  const byIdx = new Map(header.columns.map((c) => [c.promptIdx, c]));
  const totals = new Map<string, { cells: number; tokens: number; cost: number; latency: number; timed: number }>();
  for (const col of columns) {
    const column = byIdx.get(col.promptIdx);
    const name = column ? (column.providerLabel ?? column.provider) : String(col.promptIdx);
    const t = totals.get(name) ?? { cells: 0, tokens: 0, cost: 0, latency: 0, timed: 0 };
    const cells = col.pass + col.fail + col.error;
    t.cells += cells;
    t.tokens += col.totalTokens ?? 0;
    t.cost += col.totalCost ?? 0;
    if (col.avgLatencyMs !== undefined) {
      t.latency += col.avgLatencyMs * cells;
      t.timed += cells;
    }
    totals.set(name, t);
  }
  return (
    <table class="summary-table providers">
      <thead>
        <tr>
          <th>Provider</th>
          <th>Cells</th>
          <th>Tokens</th>
          <th>Cost</th>
          <th>Avg latency</th>
        </tr>
      </thead>
      <tbody>
        {[...totals].map(([name, t]) => (
          <tr key={name}>
            <td class="wrap">{name}</td>
            <td class="num">{count(t.cells)}</td>
            <td class="num">{count(t.tokens)}</td>
            <td class="num">{money(t.cost)}</td>
            <td class="num">{ms(t.timed ? t.latency / t.timed : undefined)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
