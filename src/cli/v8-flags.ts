// The V8 flags the `assay` command changes while it runs (heap growth, young-generation growth),
// tracked so that code V8 compiles from a cache is compiled under V8's default flags. A code cache
// is stamped with a hash of the flags it was made under and rejected under any others: Node's own
// modules (net, http, crypto, ...) carry caches made with the defaults, so once the CLI had set a
// flag each of them was compiled from source, about three times the cost of loading it.

import type * as V8 from 'node:v8';

/**
 * V8's defaults (`node --v8-options`) for the flags the CLI sets. Setting a flag back to its default
 * gives V8 its default flag hash again. A flag missing here cannot be put back: code loaded while
 * it is set then compiles without its cache (slower, still correct), so add a flag when the CLI
 * starts setting it.
 */
const V8_DEFAULTS: Readonly<Record<string, string>> = {
  'heap-growing-percent': '--heap-growing-percent=0',
  'semi-space-growth-factor': '--semi-space-growth-factor=2',
  // Changed while the CLI bundle compiles undici's llhttp early (scripts/bundle-cli.mjs).
  'wasm-lazy-compilation': '--wasm-lazy-compilation',
  'liftoff-only': '--no-liftoff-only',
  // Implied off by --liftoff-only and left off by --no-liftoff-only: set explicitly with it.
  'wasm-tier-up': '--wasm-tier-up',
  'wasm-dynamic-tiering': '--wasm-dynamic-tiering',
};

/** Each `--name=value` (or `--name`, `--no-name`) in a flags string, by name. */
function parseFlags(flags: string): Array<[name: string, setting: string]> {
  return flags
    .split(/\s+/)
    .filter((token) => token.startsWith('--'))
    .map((token) => {
      const eq = token.indexOf('=');
      const name = (eq === -1 ? token.slice(2) : token.slice(2, eq)).replace(/_/g, '-');
      return [name.replace(/^no-/, ''), token];
    });
}

/** Flag settings made through this tracker and not yet put back to V8's default, by flag name. */
export class V8FlagTracker {
  private readonly changed = new Map<string, string>();

  constructor(private readonly v8: Pick<typeof V8, 'setFlagsFromString'>) {}

  set(flags: string): void {
    this.v8.setFlagsFromString(flags);
    for (const [name, setting] of parseFlags(flags)) {
      if (setting === V8_DEFAULTS[name]) this.changed.delete(name);
      else this.changed.set(name, setting);
    }
  }

  /**
   * Runs `fn` under V8's default flags, then sets the changed ones again. When a changed flag has
   * no known default, `fn` runs under the current flags.
   */
  withDefaults<T>(fn: () => T): T {
    if (this.changed.size === 0) return fn();
    const names = [...this.changed.keys()];
    if (names.some((name) => V8_DEFAULTS[name] === undefined)) return fn();
    this.v8.setFlagsFromString(names.map((name) => V8_DEFAULTS[name]).join(' '));
    try {
      return fn();
    } finally {
      this.v8.setFlagsFromString([...this.changed.values()].join(' '));
    }
  }

  /** `v8` with setFlagsFromString going through this tracker: what the CLI bundle gets for `node:v8`. */
  trackedModule<T extends object>(v8: T): T {
    return { ...v8, setFlagsFromString: (flags: string) => this.set(flags) };
  }
}
