// Shortens an error message for a table cell or a one-line digest without losing what a person
// acts on. Provider errors read `<Name> API error: HTTP 429 Too Many Requests from host/path:
// <message> (type: t, code: c) [request id: r]; gave up after N attempts. <hint>`; cut from the
// end, the status survives but the code and the hint (the next step) are lost. This keeps the
// status, then the code, then the hint, and gives the provider's message whatever room is left.

import { STATUS_CODES } from 'node:http';

const ELLIPSIS = '…';

/** The text on one line, cut to at most `max` characters, keeping status, code and hint. */
export function cutErrorText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return cutHttpError(flat, max) ?? cutKeepingNetworkCode(flat, max) ?? cutMiddle(flat, max);
}

/**
 * Connection errors carry no HTTP status; their network code (ECONNREFUSED, ETIMEDOUT,
 * ENOTFOUND…) is what a person acts on, and it sits mid-message, where cutMiddle drops it.
 */
function cutKeepingNetworkCode(text: string, max: number): string | undefined {
  const code = /\bE[A-Z]{2,}(?:_[A-Z]+)?\b/.exec(text)?.[0];
  if (!code || cutMiddle(text, max).includes(code)) return undefined;
  const middle = `${ELLIPSIS}${code}${ELLIPSIS}`;
  const room = max - middle.length;
  if (room < 10) return undefined;
  const head = Math.ceil(room * 0.6);
  const tailStart = text.length - (room - head);
  // Start the tail on a word, not mid-word ("…e server is running").
  const space = /\s/.test(text[tailStart - 1] ?? ' ') ? tailStart : text.indexOf(' ', tailStart);
  const tail = space < 0 ? '' : text.slice(space).trimStart();
  return `${text.slice(0, head).trimEnd()}${middle}${tail}`;
}

interface HttpErrorParts {
  core: string;
  message: string;
  tags: string;
  hint: string;
}

function parseHttpError(text: string): HttpErrorParts | undefined {
  const status = /HTTP (\d{3})/.exec(text);
  if (!status) return undefined;
  let coreEnd = status.index + status[0].length;
  const reason = STATUS_CODES[Number(status[1])];
  if (reason && text.startsWith(` ${reason}`, coreEnd)) coreEnd += reason.length + 1;
  const core = text.slice(0, coreEnd);
  let rest = text.slice(core.length);
  // "from host/path" names where; the output files keep it, a short line can do without.
  rest = rest.replace(/^ from \S+?(?=: |\s|$)/, '');
  if (rest.startsWith(' carried an error')) rest = rest.slice(' carried an error'.length);
  const tagMatch = /\s\((?:type|code): [^)]*\)/.exec(rest);
  const requestId = /\s\[request id: [^\]]*\]/.exec(rest);
  const attempts = /; gave up after \d+ attempts/.exec(rest);
  // The message runs from ": " to the first tag; the hint follows the last tag, after ". ".
  const firstTag = Math.min(...[tagMatch, requestId, attempts].map((m) => m?.index ?? Number.POSITIVE_INFINITY));
  const ends = [tagMatch, requestId, attempts]
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m.index + m[0].length);
  let message: string;
  let hint: string;
  if (Number.isFinite(firstTag)) {
    message = rest.slice(0, firstTag);
    hint = rest.slice(Math.max(...ends));
  } else {
    // No tags: the hint is the last sentence, when there is one after the message.
    const lastStop = rest.lastIndexOf('. ');
    message = lastStop > 0 ? rest.slice(0, lastStop) : rest;
    hint = lastStop > 0 ? rest.slice(lastStop) : '';
  }
  message = message.replace(/^:\s*/, '').trim();
  hint = hint.replace(/^[.;]?\s*/, '').trim();
  return { core, message, tags: tagMatch ? tagMatch[0].trim() : '', hint };
}

function cutHttpError(text: string, max: number): string | undefined {
  const parts = parseHttpError(text);
  if (!parts) return undefined;
  // When room is short, the provider name before "HTTP" goes first (tables and digests name the
  // provider already), then the type beside the code.
  const core =
    parts.core.length <= max && fitsWithCode(parts.core, parts.tags, max)
      ? parts.core
      : parts.core.slice(parts.core.indexOf('HTTP '));
  const codeOnly = /code: [^,)]*/.exec(parts.tags);
  const tags = fitsWithCode(core, parts.tags, max)
    ? ` ${parts.tags}`
    : codeOnly && fitsWithCode(core, `(${codeOnly[0]})`, max)
      ? ` (${codeOnly[0]})`
      : '';
  const hint = parts.hint && `${core}${tags}. ${parts.hint}`.length <= max ? `. ${parts.hint}` : '';
  const room = max - core.length - tags.length - hint.length - 2; // 2 for ": "
  let message = '';
  if (parts.message && room >= 8) {
    message = `: ${parts.message.length <= room ? parts.message : `${parts.message.slice(0, room - 1).trimEnd()}${ELLIPSIS}`}`;
  } else if (parts.message && room >= 1) {
    message = `: ${ELLIPSIS}`;
  }
  const cut = `${core}${message}${tags}${hint}`;
  return cut.length <= max ? cut : undefined;
}

function fitsWithCode(core: string, tags: string, max: number): boolean {
  return (tags ? core.length + 1 + tags.length : core.length) <= max;
}

/** Start and end kept, the middle replaced by an ellipsis: errors often end with the next step. */
function cutMiddle(text: string, max: number): string {
  if (max <= 1) return text.slice(0, max);
  const head = Math.ceil((max - 1) * 0.6);
  const tail = max - 1 - head;
  return `${text.slice(0, head).trimEnd()}${ELLIPSIS}${tail > 0 ? text.slice(text.length - tail).trimStart() : ''}`;
}
