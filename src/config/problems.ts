// Collects config problems so `assay validate` can report them all at once, while loading
// still stops with the first batch. Non-config errors are wrapped with the location they came from.

import { AssayError, ConfigError, ConfigErrors, errorMessage, type ConfigLocation, type ErrorCode } from '../errors.js';

export class Problems {
  readonly errors: ConfigError[] = [];
  /**
   * Likely mistakes that promptfoo accepts silently (a misspelt key). `eval` prints them and runs,
   * so a config that works in promptfoo still works; `validate` reports them as problems.
   */
  readonly warnings: ConfigError[] = [];

  constructor(private readonly strict = false) {}

  warn(error: ConfigError): void {
    if (this.strict) this.add(error);
    else this.warnings.push(error);
  }
  /** Places whose recorded problem already explains anything found later at or under them. */
  private readonly explained: ConfigLocation[] = [];

  add(error: ConfigError): void {
    if (this.explained.some((place) => covers(place, error.location))) return;
    this.errors.push(error);
  }

  /** Records any thrown value as a ConfigError, adding `location` when the error has none. */
  addThrown(err: unknown, location: ConfigLocation): void {
    this.add(toConfigError(err, location));
  }

  /**
   * From now on, a problem at (or under) the key path of one already recorded is left out: when
   * `validate` builds on a config that failed its schema check, the builder trips over the same
   * wrong value, and one problem should be reported once.
   */
  explainLaterProblems(): void {
    for (const error of this.errors) if (error.location.keyPath) this.explained.push(error.location);
  }

  get empty(): boolean {
    return this.errors.length === 0;
  }

  /** Throws the one error, or all of them as ConfigErrors, when any were recorded. */
  throwIfAny(): void {
    if (this.errors.length === 1) throw this.errors[0]!;
    if (this.errors.length > 1) throw new ConfigErrors(this.errors);
  }
}

/** Gives an error a file and key path, keeping its code; already-located ConfigErrors pass through. */
export function toConfigError(err: unknown, location: ConfigLocation): ConfigError {
  if (err instanceof ConfigError) {
    const known = err.location;
    if (known.file || known.keyPath) return err;
    return new ConfigError(err.message, { ...location, ...stripUndefined(known) }, err.code, { cause: err });
  }
  const code: ErrorCode = err instanceof AssayError ? err.code : 'CONFIG_INVALID';
  return new ConfigError(errorMessage(err), location, code, { cause: err });
}

function stripUndefined(location: ConfigLocation): ConfigLocation {
  return Object.fromEntries(Object.entries(location).filter(([, v]) => v !== undefined)) as ConfigLocation;
}

function covers(place: ConfigLocation, location: ConfigLocation): boolean {
  const [root, path] = [place.keyPath!, location.keyPath];
  if (place.file !== location.file || path === undefined) return false;
  return path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`);
}
