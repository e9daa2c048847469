// The error family every layer throws. The CLI prints `message` on one line (plus the
// location for config errors) and exits 1; stacks only with --verbose.

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_YAML_SYNTAX'
  | 'FILE_NOT_FOUND'
  | 'PROVIDER_UNKNOWN'
  | 'PROVIDER_ENV_UNSET'
  | 'PROVIDER_CONFIG'
  | 'PROVIDER_CREDENTIALS'
  | 'PROVIDER_REQUEST'
  | 'ASSERTION_INVALID'
  | 'USAGE'
  | 'STORE'
  | 'INTERNAL';

export class AssayError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AssayError';
    this.code = code;
  }
}

export interface ConfigLocation {
  /** The file the problem is in, as the user named it (relative paths stay relative). */
  file?: string;
  /** Dotted key path inside the file, e.g. `providers[0].config.url`. */
  keyPath?: string;
  line?: number;
  column?: number;
}

export class ConfigError extends AssayError {
  readonly location: ConfigLocation;
  /** The message without the location, so a caller that knows more of the location can re-place it. */
  readonly detail: string;
  constructor(
    message: string,
    location: ConfigLocation = {},
    code: ErrorCode = 'CONFIG_INVALID',
    options?: { cause?: unknown },
  ) {
    super(code, ConfigError.format(message, location), options);
    this.name = 'ConfigError';
    this.location = location;
    this.detail = message;
  }

  private static format(message: string, loc: ConfigLocation): string {
    const where: string[] = [];
    if (loc.file) where.push(loc.line ? `${loc.file}:${loc.line}${loc.column ? `:${loc.column}` : ''}` : loc.file);
    if (loc.keyPath) where.push(`at ${loc.keyPath}`);
    return where.length ? `${where.join(' ')}: ${message}` : message;
  }
}

/** Several config problems found in one pass (used by `assay validate`, which reports them all). */
export class ConfigErrors extends AssayError {
  readonly errors: ConfigError[];
  constructor(errors: ConfigError[]) {
    super(errors[0]?.code ?? 'CONFIG_INVALID', errors.map((e) => e.message).join('\n'));
    this.name = 'ConfigErrors';
    this.errors = errors;
  }
}

export class ProviderError extends AssayError {
  readonly status?: number;
  readonly providerCode?: string;
  readonly requestId?: string;
  constructor(
    message: string,
    details: { status?: number; providerCode?: string; requestId?: string; code?: ErrorCode; cause?: unknown } = {},
  ) {
    super(details.code ?? 'PROVIDER_REQUEST', message, { cause: details.cause });
    this.name = 'ProviderError';
    this.status = details.status;
    this.providerCode = details.providerCode;
    this.requestId = details.requestId;
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
