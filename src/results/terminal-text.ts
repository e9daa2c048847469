// Makes untrusted text safe to print on a terminal: control characters from model outputs, vars
// and error bodies (ESC sequences that set the title or write the clipboard with OSC 52, BEL, NUL,
// a bare CR that overwrites the line, bidi overrides) are shown as visible escapes instead.

// C0 controls except tab and line feed, DEL, C1 controls (0x9b is a one-byte CSI), and the Unicode
// bidi embedding/override/isolate marks that reorder what a reader sees.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = {
  '\r': '\\r',
  '\u001b': '\\e',
  '\u0000': '\\0',
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

/** `text` with every control character replaced by a visible escape (`\e`, `\a`, `\0`, `\x9b`, `\u202e`). */
export function escapeControlChars(text: string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROL, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * `value` with every string escaped for the terminal. Plain objects and arrays are copied only
 * where a string changed; anything else is passed through.
 */
export function terminalSafe<T>(value: T): T {
  return walk(value, new WeakSet()) as T;
}

function walk(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return escapeControlChars(value);
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  const isArray = Array.isArray(value);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!isArray && proto !== Object.prototype && proto !== null) return value;
  seen.add(value);
  let copy: Record<string, unknown> | unknown[] | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = walk(item, seen);
    // Keys too: var names come from a CSV header, and the table looks vars up by their shown name.
    const shownKey = isArray ? key : escapeControlChars(key);
    if (shownKey !== key) {
      copy ??= { ...(value as Record<string, unknown>) };
      delete (copy as Record<string, unknown>)[key];
      (copy as Record<string, unknown>)[shownKey] = next;
    } else if (next !== item)
      (copy ??= isArray ? (value as unknown[]).slice() : { ...(value as Record<string, unknown>) })[key as never] =
        next as never;
  }
  seen.delete(value);
  return copy ?? value;
}

/** Wraps a console listener (table, progress) so every event it sees is terminal-safe. */
export function terminalSafeListener<E>(
  listener: (event: E) => void | Promise<void>,
): (event: E) => void | Promise<void> {
  return (event) => listener(terminalSafe(event));
}
