// Tests read from an included YAML/JSON file name their files relative to that file, as promptfoo
// resolves them: every relative `file://` string in such a test is rewritten to an absolute path
// against the included file's folder before the test joins the suite.

import { isAbsolute, join } from 'node:path';

export function rebaseFileRefs(value: unknown, folder: string): unknown {
  if (typeof value === 'string') return rebaseOne(value, folder);
  if (Array.isArray(value)) return value.map((item) => rebaseFileRefs(item, folder));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rebaseFileRefs(item, folder)]));
  }
  return value;
}

function rebaseOne(text: string, folder: string): string {
  if (!text.startsWith('file://')) return text;
  const rest = text.slice('file://'.length);
  // Absolute paths stay; a path that is itself a template is resolved when it is rendered.
  if (rest === '' || isAbsolute(rest) || rest.startsWith('{{') || rest.startsWith('~')) return text;
  return `file://${join(folder, rest)}`;
}
