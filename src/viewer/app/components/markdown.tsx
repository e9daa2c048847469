// A small Markdown renderer that builds Preact elements, never HTML strings: headings, paragraphs,
// lists, quotes, fenced code, inline code, bold/italic, links (http/https only) and images (raster
// data: URLs or http/https). Anything else is shown as the text it is.

import type { ComponentChildren } from 'preact';
import { safeImageUrl, safeLinkUrl } from '../safe-url.js';

export function Markdown({ text }: { text: string }) {
  return <div class="markdown">{blocks(text)}</div>;
}

function blocks(text: string): ComponentChildren[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: ComponentChildren[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(fence[1]!)) body.push(lines[i++]!);
      i++;
      out.push(
        <pre key={out.length} class="md-code">
          {body.join('\n')}
        </pre>,
      );
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      out.push(
        <div key={out.length} class={`md-h md-h${heading[1]!.length}`}>
          {inline(heading[2]!)}
        </div>,
      );
      i++;
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: ComponentChildren[] = [];
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i]!)) {
        items.push(<li key={items.length}>{inline(lines[i++]!.replace(/^\s*([-*+]|\d+[.)])\s+/, ''))}</li>);
      }
      out.push(ordered ? <ol key={out.length}>{items}</ol> : <ul key={out.length}>{items}</ul>);
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i]!)) quoted.push(lines[i++]!.replace(/^\s*>\s?/, ''));
      out.push(<blockquote key={out.length}>{blocks(quoted.join('\n'))}</blockquote>);
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() &&
      !/^(\s*(```|~~~|>)|#{1,6}\s|\s*([-*+]|\d+[.)])\s+)/.test(lines[i]!)
    ) {
      para.push(lines[i++]!);
    }
    if (para.length === 0) para.push(lines[i++]!);
    out.push(<p key={out.length}>{inline(para.join('\n'))}</p>);
  }
  return out;
}

const INLINE = /(`[^`]+`)|(!\[[^\]]*\]\([^)\s]+\))|(\[[^\]]+\]\([^)\s]+\))|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)/g;

function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) out.push(text.slice(last, match.index));
    const token = match[0];
    const key = out.length;
    if (match[1]) out.push(<code key={key}>{token.slice(1, -1)}</code>);
    else if (match[2]) out.push(image(token, key));
    else if (match[3]) out.push(link(token, key));
    else if (match[4]) out.push(<strong key={key}>{token.slice(2, -2)}</strong>);
    else out.push(<em key={key}>{token.slice(1, -1)}</em>);
    last = match.index + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function link(token: string, key: number): ComponentChildren {
  const [, label, url] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token)!;
  const href = safeLinkUrl(url!);
  if (!href) return token;
  return (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
      {label}
    </a>
  );
}

function image(token: string, key: number): ComponentChildren {
  const [, alt, url] = /^!\[([^\]]*)\]\(([^)\s]+)\)$/.exec(token)!;
  const src = safeImageUrl(url!);
  if (!src) return token;
  return <img key={key} class="md-img" src={src} alt={alt} referrerpolicy="no-referrer" loading="lazy" />;
}
