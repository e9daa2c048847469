// The one error type for Python calls. `kind` tells callers what went wrong without parsing text:
// a file that does not load, a function that is not there, an exception in user code, a worker
// that died, a call past its timeout, or a cancelled call.

import { AssayError } from '../errors.js';

export type PythonErrorKind = 'not-found' | 'load' | 'missing' | 'call' | 'crash' | 'timeout' | 'aborted';

export class PythonError extends AssayError {
  readonly kind: PythonErrorKind;
  constructor(kind: PythonErrorKind, message: string) {
    super(
      kind === 'load' || kind === 'missing' || kind === 'not-found' ? 'CONFIG_INVALID' : 'PROVIDER_REQUEST',
      message,
    );
    this.name = 'PythonError';
    this.kind = kind;
  }
}

/** The last `frames` frames of a Python traceback (each frame is a `File …` line plus its code line). */
export function lastFrames(traceback: string | undefined, frames = 3): string {
  if (!traceback) return '';
  const lines = traceback.replace(/\s+$/, '').split('\n');
  const starts = lines.flatMap((line, index) => (/^\s*File "/.test(line) ? [index] : []));
  const from = starts.length > frames ? starts[starts.length - frames]! : 0;
  return lines.slice(from).join('\n');
}
