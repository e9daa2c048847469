// Connects a run to the store: opens it (a failure is one warning, never a failed eval), and for
// --resume / --retry-errors picks the stored eval, checks it plans the same cells, and hands the
// runner the stored results it must not run again.

import { errorMessage } from '../errors.js';
import { AssayError } from '../errors.js';
import type { RunListener } from '../runner/events.js';
import type { PriorResults } from '../runner/options.js';
import { planSuiteHash } from '../runner/steps.js';
import type { Suite } from '../suite/types.js';
import { openStore, type Store } from './open-store.js';
import { getListing, listEvalRows, priorResults, resolveEvalId } from './queries.js';
import { StoreWriter } from './store-writer.js';
import { afterCommit } from './commit-gate.js';

export interface StoreRequest {
  write: boolean;
  /** `true` = the latest interrupted eval of this suite; a string = that eval (or `latest`). */
  resume?: string | boolean;
  retryErrors?: string | boolean;
  repeat: number;
  warn: (message: string) => void;
}

export interface RunStore {
  /**
   * The run's listeners with the store in front: each event reaches them once the store has
   * committed it (commit-gate.ts). Without a store, the listeners as they are.
   */
  withStore(listeners: RunListener[]): RunListener[];
  evalId?: string;
  prior?: PriorResults;
  close(): void;
}

export function attachStore(suite: Suite, request: StoreRequest): RunStore {
  const continuing =
    request.resume !== undefined && request.resume !== false
      ? 'resume'
      : request.retryErrors !== undefined && request.retryErrors !== false
        ? 'retry'
        : undefined;
  if (continuing && !request.write)
    throw new AssayError(
      'USAGE',
      `--${continuing === 'resume' ? 'resume' : 'retry-errors'} needs the eval store; it cannot be combined with --no-write.`,
    );
  if (!request.write) return withoutStore();
  let store: Store;
  try {
    store = openStore();
  } catch (err) {
    // Resuming without the store is impossible: say so. A plain eval runs on without it.
    if (continuing) throw err;
    request.warn(`${errorMessage(err)} This run will not be stored; other outputs are unaffected.`);
    return withoutStore();
  }
  try {
    let evalId: string | undefined;
    let prior: PriorResults | undefined;
    if (continuing) {
      const hash = planSuiteHash(suite, request.repeat);
      const ref = continuing === 'resume' ? request.resume : request.retryErrors;
      evalId = typeof ref === 'string' ? resolveEvalId(store.db, ref) : defaultEval(store, hash, continuing);
      const listing = getListing(store.db, evalId);
      if (listing.status === 'running')
        throw new AssayError('USAGE', `Eval ${evalId} is still running in another process; wait for it to finish.`);
      if (listing.suiteHash !== hash) {
        throw new AssayError(
          'USAGE',
          `Eval ${evalId} was run with a different suite (its tests, prompts, providers or repeat count changed), so its stored cells do not match this one. Run without --${continuing === 'resume' ? 'resume' : 'retry-errors'} to start a new eval.`,
        );
      }
      if (continuing === 'resume' && listing.status === 'complete')
        throw new AssayError(
          'USAGE',
          `Eval ${evalId} is already complete; nothing to resume (use --retry-errors to re-run its errors).`,
        );
      prior = priorResults(store.db, evalId, continuing === 'resume' ? 'finished' : 'notErrored');
    }
    const writer = new StoreWriter(store, request.warn, { offThread: true });
    // A forced exit (second Ctrl-C, second SIGTERM) skips the run's end; libsql is synchronous, so
    // the open batch can still be committed on the way out.
    const flushOnExit = () => writer.flushQuietly();
    process.once('exit', flushOnExit);
    return {
      withStore: (listeners) => [afterCommit(writer, listeners)],
      evalId,
      prior,
      close: () => {
        process.off('exit', flushOnExit);
        writer.flushQuietly();
        writer.stopCheckpoints();
        try {
          store.close();
        } catch {
          // Closing cannot lose anything committed; the writer has warned about a failing store.
        }
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}

function withoutStore(): RunStore {
  return { withStore: (listeners) => listeners, close: () => undefined };
}

function defaultEval(store: Store, suiteHash: string, mode: 'resume' | 'retry'): string {
  const candidates = listEvalRows(store.db, { suiteHash, limit: 50 });
  const found =
    mode === 'resume'
      ? candidates.find((e) => e.status === 'interrupted')
      : candidates.find((e) => e.status !== 'running');
  if (!found) {
    throw new AssayError(
      'USAGE',
      mode === 'resume'
        ? 'No interrupted eval of this suite to resume (see `assay list`).'
        : 'No stored eval of this suite to retry (see `assay list`).',
    );
  }
  return found.id;
}
