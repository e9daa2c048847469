// An output (or any eval text) shown readably: as text, as pretty JSON, or as Markdown, on the
// user's choice. Always text nodes or elements built from text, never HTML from the data.

import { safeImageUrl } from '../safe-url.js';
import { Markdown } from './markdown.js';

export type RenderMode = 'text' | 'markdown' | 'json';

export function OutputView({ text, mode }: { text: string; mode: RenderMode }) {
  const image = /^data:image\//i.test(text.trim()) ? safeImageUrl(text) : undefined;
  if (image) return <img class="output-img" src={image} alt="The model output" />;
  if (mode === 'json') {
    const pretty = prettyJson(text);
    if (pretty !== undefined) return <pre class="output json">{pretty}</pre>;
  }
  if (mode === 'markdown') return <Markdown text={text} />;
  return <pre class="output">{text}</pre>;
}

export function prettyJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return undefined;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return undefined;
  }
}

/** Any value as text for display: strings as they are, everything else as indented JSON. */
export function displayText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}
