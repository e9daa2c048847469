// Walks a JSON-like value and replaces every string in it: plain objects and arrays are copied,
// anything else (numbers, functions, class instances) passes through as it is.

export function mapStrings<T>(value: T, replace: (text: string) => string): T {
  if (typeof value === 'string') return replace(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, replace)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, replace);
    return out as T;
  }
  return value;
}
