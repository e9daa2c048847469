// import() of a module outside the code it is called from: user code (custom providers, scripts)
// and jiti. The `assay` command runs as a vm.Script compiled from a V8 code cache (src/cli/start.ts),
// and V8 drops such a script's own import() callback when it is built from the cache; so the
// command's entry, a real ES module, registers its import() here and the bundle calls that one.

type Importer = (specifier: string) => Promise<unknown>;

const HOOK = Symbol.for('assay.importOutsideBundle');

/** Called by the command's entry before it runs the bundle. */
export function registerImporter(importer: Importer): void {
  (globalThis as { [HOOK]?: Importer })[HOOK] = importer;
}

/** Imports `specifier` (a package name or a file URL) with Node's own loader. */
export function importOutside<T = Record<string, unknown>>(specifier: string): Promise<T> {
  const importer = (globalThis as { [HOOK]?: Importer })[HOOK];
  return (importer ? importer(specifier) : import(specifier)) as Promise<T>;
}
