// Limits on the shape of parsed data files (configs, tests, vars): YAML aliases are bounded so a
// "billion laughs" file cannot blow up memory, and nesting depth is bounded so a hostile file
// cannot overflow the stack in the loaders that walk it. Both end as a ConfigError naming the file.

import { ConfigError } from '../errors.js';

/** The yaml library's own default: enough for real configs (merge keys, shared blocks), not for a bomb. */
export const MAX_YAML_ALIASES = 100;
/** Far deeper than any real config or tests file; shallow enough for every recursive walk after it. */
export const MAX_DATA_DEPTH = 200;

/** Throws a ConfigError naming the file when `value` nests deeper than MAX_DATA_DEPTH (checked without recursion). */
export function checkDataDepth(value: unknown, file: string): void {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length) {
    const { value: current, depth } = stack.pop()!;
    if (!current || typeof current !== 'object') continue;
    if (depth >= MAX_DATA_DEPTH) throw tooDeep(file);
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
}

/**
 * Turns a parser failure caused by hostile structure (too many aliases, a stack overflow from deep
 * nesting) into a ConfigError naming the file; returns undefined for any other error.
 */
export function structureError(err: unknown, file: string): ConfigError | undefined {
  // The yaml library reports its own stack overflow as a parse error carrying the same message.
  if (err instanceof Error && /maximum call stack/i.test(err.message)) return tooDeep(file);
  if (err instanceof Error && /alias count/i.test(err.message)) {
    return new ConfigError(
      `The YAML expands aliases (*name) more than ${MAX_YAML_ALIASES} times, as a "billion laughs" file does, so it was not loaded. Write the repeated values out or use fewer aliases.`,
      { file },
      'CONFIG_INVALID',
      { cause: err },
    );
  }
  return undefined;
}

function tooDeep(file: string): ConfigError {
  return new ConfigError(
    `The data nests lists or mappings more than ${MAX_DATA_DEPTH} levels deep, so it was not loaded. Flatten the data.`,
    { file },
    'CONFIG_INVALID',
  );
}
