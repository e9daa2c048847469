// Makes a CSV field safe to open in a spreadsheet: OWASP's rule against formula injection (a
// field starting with = + - @ tab or CR gets a leading apostrophe and is quoted) and no NUL, ESC
// or other control characters, which some viewers act on and no result needs.

// Controls other than tab, LF and CR (which CSV quoting handles), DEL and the C1 range.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const FORMULA_START = /^[=+\-@\t\r]/;
// A plain number (`-0.5`, `+3`) cannot run anything and stays a number.
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** One field, neutralised and quoted per RFC 4180 when needed. */
export function safeCsvField(value: string): string {
  let text = value.replace(CONTROL, '');
  const formula = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
  if (formula) text = `'${text}`;
  return formula || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
