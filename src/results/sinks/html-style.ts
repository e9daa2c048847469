// The inline stylesheet of the HTML report (no external assets: the file must open offline).

export const HTML_STYLE = `
:root { color-scheme: light dark; --pass: #1a7f37; --fail: #cf222e; --error: #9a6700; --line: #d0d7de; --muted: #656d76; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.sub { color: var(--muted); margin-bottom: 16px; }
.summary { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 16px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 120px; }
.stat b { display: block; font-size: 20px; }
.stat.pass b { color: var(--pass); } .stat.fail b { color: var(--fail); } .stat.error b { color: var(--error); }
.notice { border: 1px solid var(--error); border-radius: 6px; padding: 8px 12px; margin-bottom: 16px; }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 6px 8px; vertical-align: top; text-align: left; }
th { position: sticky; top: 0; background: Canvas; }
th .metrics { font-weight: normal; color: var(--muted); font-size: 12px; }
td.var, td.idx { white-space: pre-wrap; word-break: break-word; max-width: 320px; }
td.idx { color: var(--muted); }
.badge { display: inline-block; font-size: 11px; font-weight: 700; padding: 1px 6px; border-radius: 10px; color: #fff; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.error { background: var(--error); }
.badge.skipped { background: var(--muted); } td.skipped .reason { color: var(--muted); }
.meta { margin-bottom: 4px; color: var(--muted); font-size: 12px; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; max-height: 24em; overflow: auto; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
.reason { margin-top: 4px; color: var(--fail); white-space: pre-wrap; word-break: break-word; }
td.error .reason { color: var(--error); }
td.missing { color: var(--muted); font-style: italic; }
details summary { cursor: pointer; color: var(--muted); font-weight: normal; font-size: 12px; }
footer { margin-top: 16px; color: var(--muted); font-size: 12px; }
`;
