// The HTML around the embedded eval: a Content-Security-Policy that lets only the viewer's own
// scripts run (by hash when inlined), no network at all, the viewer's CSS and markup, then the
// non-executable data element and the app's script. Eval content never enters the markup except
// the HTML-escaped title; everything else is inside the base64 payload.

import { createHash } from 'node:crypto';
import type { ViewerBuild } from './viewer-build.js';

/** The element the app decodes: base64 of gzip of JSON EmbeddedEval (src/viewer/contract.ts). */
export const EMBEDDED_DATA_ID = 'assay-data';

export function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * `script-src` lists only the given sources: the inlined scripts' hashes (the one-file report) or
 * 'self' (the exported site, whose script is a file beside index.html). Inline styles are allowed:
 * CSS cannot run script, and with no network and no images but data: it cannot send anything out.
 */
export function contentSecurityPolicy(scriptSources: string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scriptSources.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    "connect-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface DocumentParts {
  /** Everything up to and including the data element's opening tag. */
  head: string;
  /** The data element's closing tag, the scripts and the end of the document. */
  tail: string;
}

/** The one-file report: scripts and styles inlined. */
export function inlineDocument(build: ViewerBuild, title: string): DocumentParts {
  const csp = contentSecurityPolicy(build.scripts.map((s) => sha256Source(s.text)));
  const styles = build.styles.map((s) => `<style>${s.text}</style>`).join('\n');
  const scripts = build.scripts.map((s) => `<script${s.module ? ' type="module"' : ''}>${s.text}</script>`).join('\n');
  return parts(csp, title, styles, build.bodyMarkup, scripts);
}

/** The exported site's index.html: scripts and styles stay files, at their paths in the build. */
export function linkedDocument(build: ViewerBuild, title: string): DocumentParts {
  const csp = contentSecurityPolicy(["'self'"]);
  const href = (asset: string) => escapeHtml(asset.split(/[\\/]/).join('/'));
  const styles = build.styles
    .map((s) => (s.asset ? `<link rel="stylesheet" href="${href(s.asset)}">` : `<style>${s.text}</style>`))
    .join('\n');
  const scripts = build.scripts
    .filter((s) => s.asset)
    .map((s) => `<script${s.module ? ' type="module"' : ''} src="${href(s.asset!)}"></script>`)
    .join('\n');
  return parts(csp, title, styles, build.bodyMarkup, scripts);
}

function parts(csp: string, title: string, styles: string, body: string, scripts: string): DocumentParts {
  const head = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    styles,
    '</head>',
    '<body>',
    body,
    `<script type="application/octet-stream" id="${EMBEDDED_DATA_ID}">`,
  ].join('\n');
  const tail = ['</script>', scripts, '</body>', '</html>', ''].join('\n');
  return { head, tail };
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** The page title: the eval's description (or id), cut to a sane length. */
export function reportTitle(description: string | undefined, evalId: string): string {
  const text = (description || evalId || 'Assay eval').replace(/\s+/g, ' ').trim();
  return `${text.length > 120 ? `${text.slice(0, 119)}…` : text} · Assay`;
}
