// Finds JSON values embedded in prose or code fences: for each `{` (or `[` opening a list of values), the balanced slice
// (string-aware) is parsed; a tail left open at the end of the text is closed before parsing.

const MAX_SLICE = 100_000;

/** Every top-level JSON object or array found in the text, in order. */
export function extractJsonValues(text: string): unknown[] {
  const found: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    if (!startsJson(text, i)) {
      i++;
      continue;
    }
    const slice = balancedSlice(text, i);
    const parsed = slice ? parseLenient(slice.text) : undefined;
    if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
      found.push(parsed);
      i = slice!.end;
    } else {
      i++;
    }
  }
  return found;
}

/** `{`, or a `[` that opens a list of objects, lists or strings (so prose like "[1]" is not JSON). */
function startsJson(text: string, i: number): boolean {
  const ch = text[i];
  if (ch === '{') return true;
  if (ch !== '[') return false;
  const next = /\S/.exec(text.slice(i + 1, i + 64))?.[0];
  return next === '{' || next === '[' || next === '"';
}

/** The slice from `start` to its matching close, auto-closed if the text ends first. */
function balancedSlice(text: string, start: number): { text: string; end: number } | undefined {
  const closers: string[] = [];
  let inString = false;
  const limit = Math.min(text.length, start + MAX_SLICE);
  for (let i = start; i < limit; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') closers.push('}');
    else if (ch === '[') closers.push(']');
    else if (ch === '}' || ch === ']') {
      if (closers.pop() !== ch) return undefined;
      if (closers.length === 0) return { text: text.slice(start, i + 1), end: i + 1 };
    }
  }
  if (limit < text.length || inString) return undefined;
  return { text: text.slice(start) + closers.reverse().join(''), end: text.length };
}

function parseLenient(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    // Models often add `//` comments and trailing commas inside fenced JSON.
    const cleaned = stripCommentsAndTrailingCommas(source);
    if (cleaned === source) return undefined;
    try {
      return JSON.parse(cleaned);
    } catch {
      return undefined;
    }
  }
}

function stripCommentsAndTrailingCommas(source: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += source[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      out += '\n';
    } else {
      out += ch;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
