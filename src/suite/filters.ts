// Loads `nunjucksFilters: {name: file}` (default export, or `file.js:fn`); buildSuite hands them to
// the suite's own template environment.

import { ConfigError } from '../errors.js';
import { resolveRefPath, requireFile } from '../config/file-ref.js';
import type { Problems } from '../config/problems.js';
import { importModule, parseFileReference, pickExport } from '../scripting/load-module.js';

type Filter = (...args: unknown[]) => unknown;

export async function loadFilters(
  spec: Record<string, unknown> | undefined,
  basePath: string,
  problems: Problems,
  file?: string,
): Promise<Record<string, Filter>> {
  const filters: Record<string, Filter> = {};
  for (const [name, source] of Object.entries(spec ?? {})) {
    const location = { file, keyPath: `nunjucksFilters.${name}` };
    try {
      if (typeof source === 'function') {
        filters[name] = source as Filter;
        continue;
      }
      const { path, exportName } = parseFileReference(String(source));
      const absolute = resolveRefPath(path, basePath);
      requireFile(absolute, location, 'Filter file');
      const picked = pickExport(await importModule(absolute, basePath), exportName, `filter "${name}"`);
      if (typeof picked !== 'function')
        throw new ConfigError(`Filter "${name}" (${String(source)}) must export a function.`, location);
      filters[name] = picked as Filter;
    } catch (err) {
      problems.addThrown(err, location);
    }
  }
  return filters;
}
