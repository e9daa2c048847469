// Reads tests from files named in `tests:` (YAML, JSON, JSONL, CSV, JS/TS generators, globs) into
// raw test objects, each with the file and index it came from.

import { readFileSync } from 'node:fs';
import { dirname, extname, relative } from 'node:path';
import { ConfigError } from '../errors.js';
import { expandPaths, hasGlob, readDataFile, requireFile, stripFileScheme } from '../config/file-ref.js';
import type { Origin } from '../config/merge.js';
import { importModule, parseFileReference, pickExport } from '../scripting/load-module.js';
import { csvToTests } from './csv-tests.js';
import { rebaseFileRefs } from './rebase-file-refs.js';
import { resolveLocalRefs } from '../config/local-refs.js';

export interface LoadedTest {
  test: unknown;
  origin: Origin;
  /** True when the test came from a file and still needs its shape checked. CSV rows are built
   * typed by csvToTests, so they skip the (allocation-heavy) schema pass. */
  fromFile: boolean;
  /** True when the test was read from a data file or made by a generator: its var values are data, never templates. */
  fromData?: boolean;
}

const SCRIPT = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.py']);

/** Reads the tests a path or glob names; `config` is passed to generator functions. */
export async function readTestFiles(
  ref: string,
  basePath: string,
  generatorConfig?: Record<string, unknown>,
): Promise<LoadedTest[]> {
  const { path, exportName } = parseFileReference(stripFileScheme(ref));
  const files = await expandPaths(path, basePath);
  if (files.length === 0)
    throw new ConfigError(`No test files match ${ref} (looked in ${basePath}).`, {}, 'FILE_NOT_FOUND');
  const out: LoadedTest[] = [];
  for (const absolute of files) {
    requireFile(absolute, {}, 'Tests file');
    const display = hasGlob(path) || !path.startsWith('/') ? relative(basePath, absolute) || absolute : absolute;
    const items = await readOne(absolute, display, exportName, generatorConfig);
    const typed = extname(absolute).toLowerCase() === '.csv';
    items.forEach((test, index) =>
      out.push({ test, origin: { file: display, keyPath: `[${index}]` }, fromFile: !typed, fromData: true }),
    );
  }
  return out;
}

async function readOne(
  absolute: string,
  display: string,
  exportName: string | undefined,
  generatorConfig: Record<string, unknown> | undefined,
): Promise<unknown[]> {
  const ext = extname(absolute).toLowerCase();
  if (ext === '.csv') return csvToTests(readFileSync(absolute), display);
  if (SCRIPT.has(ext)) {
    let exported = pickExport(await importModule(absolute, '/'), exportName, `tests ${display}`, 'generate_tests');
    if (typeof exported === 'function') exported = await (exported as (config?: unknown) => unknown)(generatorConfig);
    if (!Array.isArray(exported))
      throw new ConfigError(`Test generator ${display} must export (or return) a list of test cases.`, {
        file: display,
      });
    return exported;
  }
  if (ext === '.yaml' || ext === '.yml' || ext === '.json' || ext === '.jsonl') {
    // `$ref: '#/…'` inside a tests file points into that file, as promptfoo dereferences it.
    const data = resolveLocalRefs(readDataFile(absolute), display);
    if (data === null || data === undefined) return [];
    const folder = dirname(absolute);
    return (Array.isArray(data) ? data : [data]).map((test) => rebaseFileRefs(test, folder));
  }
  throw new ConfigError(
    `Unsupported tests file type "${ext}" (${display}). Use .csv, .yaml, .yml, .json, .jsonl, .js, .ts or .py.`,
    { file: display },
  );
}
