// Renders a Comparison: Markdown (made to paste into a pull-request comment), JSON, and a
// self-contained HTML page. Every piece of eval text is escaped for its format: outputs and
// descriptions are data, never markup.

import type { CellChange, Comparison, GroupDelta } from './compare.js';
import type { CompareCell } from './eval-source.js';

const MAX_LISTED = 50;

export function renderComparison(comparison: Comparison, format: 'md' | 'json' | 'html'): string {
  if (format === 'json') return `${JSON.stringify(comparison, null, 2)}\n`;
  if (format === 'html') return renderHtml(comparison);
  return renderMarkdown(comparison);
}

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const signed = (value: number, digits: number, unit = '') =>
  `${value > 0 ? '+' : value < 0 ? '-' : '±'}${Math.abs(value).toFixed(digits)}${unit}`;

function cellName(cell: CompareCell): string {
  return `${cell.description ? `${cell.description} ` : ''}${cell.vars} [${cell.provider} / ${cell.prompt}]`;
}

function changeText(change: CellChange): string {
  const { baseline: b, candidate: c } = change;
  switch (change.kind) {
    case 'new-error':
      return `new error: ${c.error ?? 'error'}`;
    case 'pass-to-fail':
      return `pass → fail (score ${b.score.toFixed(2)} → ${c.score.toFixed(2)})`;
    case 'fail-to-pass':
      return `fail → pass (score ${b.score.toFixed(2)} → ${c.score.toFixed(2)})`;
    case 'error-fixed':
      return 'error → pass';
    default:
      return `score ${b.score.toFixed(2)} → ${c.score.toFixed(2)}`;
  }
}

/** Markdown table cell: one line, pipes and markup characters escaped, bounded length. */
function md(text: string): string {
  const line = text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
  const bounded = line.length > 200 ? `${line.slice(0, 197)}...` : line;
  return bounded.replace(/[\\`*_{}[\]<>()#+!|~]/g, '\\$&');
}

function renderMarkdown(c: Comparison): string {
  const out: string[] = [];
  out.push(
    `## Assay comparison: ${c.regressions.length ? `❌ ${c.regressions.length} regression${c.regressions.length === 1 ? '' : 's'}` : '✅ no regressions'}`,
  );
  out.push('');
  out.push(
    `Baseline: \`${md(c.baseline.label)}\` (${c.baseline.cells} cells) · Candidate: \`${md(c.candidate.label)}\` (${c.candidate.cells} cells)`,
  );
  out.push('');
  out.push(
    `**${c.regressions.length}** regressed · **${c.improvements.length}** improved · **${c.added.length}** added · **${c.removed.length}** removed · ${c.unchanged} unchanged (score threshold ${c.scoreThreshold})`,
  );
  const changes = (title: string, list: CellChange[]) => {
    if (!list.length) return;
    out.push('', `### ${title}`, '', '| Cell | Change |', '|---|---|');
    for (const change of list.slice(0, MAX_LISTED))
      out.push(`| ${md(cellName(change.candidate))} | ${md(changeText(change))} |`);
    if (list.length > MAX_LISTED) out.push(`| … and ${list.length - MAX_LISTED} more | |`);
  };
  changes('Regressions', c.regressions);
  changes('Improvements', c.improvements);
  const cells = (title: string, list: CompareCell[]) => {
    if (!list.length) return;
    out.push('', `### ${title}`, '', '| Cell | Status |', '|---|---|');
    for (const cell of list.slice(0, MAX_LISTED)) out.push(`| ${md(cellName(cell))} | ${cell.status} |`);
    if (list.length > MAX_LISTED) out.push(`| … and ${list.length - MAX_LISTED} more | |`);
  };
  cells('Added', c.added);
  cells('Removed', c.removed);
  const groups = (title: string, list: GroupDelta[]) => {
    out.push(
      '',
      `### ${title}`,
      '',
      '| Name | Pass rate | Δ | Avg latency | Δ | Cost | Δ |',
      '|---|---|---|---|---|---|---|',
    );
    for (const g of list) {
      out.push(
        `| ${md(g.name)} | ${pct(g.candidate.passRate)} | ${signed((g.candidate.passRate - g.baseline.passRate) * 100, 1, ' pts')} | ${Math.round(g.candidate.avgLatencyMs)} ms | ${signed(g.candidate.avgLatencyMs - g.baseline.avgLatencyMs, 0, ' ms')} | $${g.candidate.cost.toFixed(4)} | ${signed(g.candidate.cost - g.baseline.cost, 4)} |`,
      );
    }
  };
  groups('By provider', c.byProvider);
  groups('By prompt', c.byPrompt);
  return `${out.join('\n')}\n`;
}

function html(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function renderHtml(c: Comparison): string {
  const rows = (list: CellChange[]) =>
    list.map((ch) => `<tr><td>${html(cellName(ch.candidate))}</td><td>${html(changeText(ch))}</td></tr>`).join('');
  const cellRows = (list: CompareCell[]) =>
    list.map((cell) => `<tr><td>${html(cellName(cell))}</td><td>${html(cell.status)}</td></tr>`).join('');
  const groupRows = (list: GroupDelta[]) =>
    list
      .map(
        (g) =>
          `<tr><td>${html(g.name)}</td><td>${pct(g.baseline.passRate)}</td><td>${pct(g.candidate.passRate)}</td><td>${Math.round(g.baseline.avgLatencyMs)} ms</td><td>${Math.round(g.candidate.avgLatencyMs)} ms</td><td>$${g.baseline.cost.toFixed(4)}</td><td>$${g.candidate.cost.toFixed(4)}</td></tr>`,
      )
      .join('');
  const section = (title: string, body: string, head: string) =>
    body ? `<h2>${title}</h2><table><tr>${head}</tr>${body}</table>` : '';
  const changeHead = '<th>Cell</th><th>Change</th>';
  const groupHead =
    '<th>Name</th><th>Pass rate (base)</th><th>Pass rate (cand)</th><th>Latency (base)</th><th>Latency (cand)</th><th>Cost (base)</th><th>Cost (cand)</th>';
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Assay comparison</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}h2{margin-top:1.5em}</style></head>
<body><h1>Assay comparison: ${c.regressions.length} regression${c.regressions.length === 1 ? '' : 's'}</h1>
<p>Baseline: ${html(c.baseline.label)} (${c.baseline.cells} cells)<br>Candidate: ${html(c.candidate.label)} (${c.candidate.cells} cells)</p>
<p>${c.regressions.length} regressed, ${c.improvements.length} improved, ${c.added.length} added, ${c.removed.length} removed, ${c.unchanged} unchanged.</p>
${section('Regressions', rows(c.regressions), changeHead)}${section('Improvements', rows(c.improvements), changeHead)}${section('Added', cellRows(c.added), '<th>Cell</th><th>Status</th>')}${section('Removed', cellRows(c.removed), '<th>Cell</th><th>Status</th>')}${section('By provider', groupRows(c.byProvider), groupHead)}${section('By prompt', groupRows(c.byPrompt), groupHead)}
</body></html>
`;
}
