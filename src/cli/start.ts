#!/usr/bin/env node
// The `assay` command's entry (built to dist/bin/main.js): runs the CLI bundle (dist/bin/cli-<hash>.cjs,
// see scripts/bundle-cli.mjs) from a V8 code cache. Node 20's ES module loader has no code cache,
// and loading and compiling the CLI's modules was about half of a short eval's start-up; one
// CommonJS bundle compiled by vm.Script with the bytecode of the previous run's functions skips
// both. Without a usable cache (first run, another Node, a corrupt file) it compiles from source.

import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v8 from 'node:v8';
import { Script } from 'node:vm';
import { registerImporter } from '../scripting/import-outside.js';
import { cacheFileName, compileCacheDir, readCodeCache, writeCodeCache } from './code-cache.js';
import { V8FlagTracker } from './v8-flags.js';

/** The bundle's file name, set by scripts/bundle-cli.mjs; it carries the bundle's content hash. */
declare const ASSAY_CLI_BUNDLE: string;

const binDir = dirname(fileURLToPath(import.meta.url));
const bundlePath = join(binDir, ASSAY_CLI_BUNDLE);
// The bundle is ASCII (the build checks), so latin1 is an exact and cheaper decoding.
const source = readFileSync(bundlePath, 'latin1');
const cacheDir = compileCacheDir();
const cacheFile = cacheFileName(ASSAY_CLI_BUNDLE, process.argv.slice(2));
const cachedData = cacheDir ? readCodeCache(cacheDir, cacheFile) : undefined;

// Compiled under V8's default flags, as the cache is written (below): V8 accepts a code cache only
// under the flags it was made with.
const script = new Script(source, {
  filename: bundlePath,
  cachedData,
});
// The CLI changes V8 flags as it runs (main.ts, young-generation.ts); they are tracked, so that each
// of Node's own modules loads under the default flags, with the code cache Node ships for it.
const flags = new V8FlagTracker(v8);
// The bundle's own import() would fail once it runs from the cache: it imports user modules
// (custom providers, scripts) and jiti through this module's (see import-outside.ts).
registerImporter((specifier) => import(specifier));
// Written as the process exits, so that it holds the functions this run compiled, not only the
// top level: the next run of this command then compiles almost nothing. Not after a run that
// failed (exit code 1): it compiled only part of its path, and a mistyped command would get a file.
if (cacheDir && (!cachedData || script.cachedDataRejected))
  process.once('exit', (code) => {
    // Under the flags the cache is read under, or every run would reject and rewrite it.
    if (code !== 1) flags.withDefaults(() => writeCodeCache(cacheDir, cacheFile, () => script.createCachedData()));
  });

type CommonJsWrapper = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;
// The bundle's require: Node's modules load under V8's default flags (the first time; later it is
// a lookup), and `node:v8` sets flags through the tracker.
const requireFromBundle = createRequire(bundlePath);
const trackedV8 = flags.trackedModule(v8);
const loadedBuiltins = new Set<string>();
const bundleRequire = Object.assign((id: string): unknown => {
  if (id === 'node:v8' || id === 'v8') return trackedV8;
  if (!isBuiltin(id) || loadedBuiltins.has(id)) return requireFromBundle(id);
  loadedBuiltins.add(id);
  return flags.withDefaults(() => requireFromBundle(id));
}, requireFromBundle) as NodeJS.Require;
const run = script.runInThisContext() as CommonJsWrapper;
const cliModule = { exports: {} };
run.call(cliModule.exports, cliModule.exports, bundleRequire, cliModule, bundlePath, binDir);
