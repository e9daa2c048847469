// Pools of persistent Python workers, one pool per interpreter (plus one per provider that sets
// `workers`). A pool starts its first worker on first use, so an eval that never calls Python
// spawns nothing, and grows up to its limit (-j by default) while calls wait behind a call that
// is slow (an API request, a sleep): quick calls are served faster by the workers already warm
// than by starting more processes. A new worker joins once it has started, so a start-up never
// delays a call another worker could take.
// Dead workers are dropped and replaced; a call waiting for a worker honours its abort signal.

import { PythonError } from './python-error.js';
import { pythonWorkerLimit, verboseLog } from './settings.js';
import { PythonWorker, type CallLimits, type WorkerReply } from './worker-process.js';

interface Waiter {
  resolve: (worker: PythonWorker) => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** A call in flight this long makes waiting calls start new workers. */
const GROW_AFTER_MS = 100;
const START_TIMEOUT_MS = 60_000;

export class PythonPool {
  /** Live workers, starting or started. */
  private readonly workers: PythonWorker[] = [];
  private readonly idle: PythonWorker[] = [];
  private readonly waiters: Waiter[] = [];
  /** Workers whose start-up ping has not answered yet. */
  private readonly startingWorkers = new Set<PythonWorker>();
  private starting = 0;
  private growTimer: NodeJS.Timeout | undefined;
  /** Every worker process this pool has started (pids), for --verbose and tests. */
  readonly started: number[] = [];

  constructor(
    private readonly command: string,
    private readonly fixedLimit?: number,
  ) {}

  get limit(): number {
    return this.fixedLimit ?? pythonWorkerLimit();
  }

  /** Runs one request (JSON object text) on a free worker. */
  async run(payload: string, limits: CallLimits): Promise<WorkerReply> {
    if (limits.signal?.aborted) throw new PythonError('aborted', `Python call ${limits.what} was cancelled`);
    const worker = await this.acquire(limits.signal, limits.what);
    try {
      return await worker.request(payload, limits);
    } finally {
      this.release(worker);
    }
  }

  /** Makes sure a worker runs and answers; resolves to its Python version (`3.11.4`). */
  async ping(): Promise<string> {
    const reply = await this.run('{"op":"ping"}', { what: 'start-up', timeoutMs: START_TIMEOUT_MS });
    return String((reply.result as { version?: unknown } | undefined)?.version ?? '');
  }

  /** Stops every worker (tests and library users that want a clean exit before Node's own). */
  close(): void {
    if (this.growTimer) clearTimeout(this.growTimer);
    for (const worker of this.workers) worker.kill();
    this.workers.length = 0;
    this.idle.length = 0;
  }

  private acquire(signal: AbortSignal | undefined, what: string): Promise<PythonWorker> {
    const ready = this.takeIdle();
    if (ready) return Promise.resolve(ready);
    const promise = new Promise<PythonWorker>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter);
          if (index !== -1) this.waiters.splice(index, 1);
          reject(new PythonError('aborted', `Python call ${what} was cancelled`));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
    if (this.workers.length === 0) this.startWorker();
    else this.scheduleGrowth();
    return promise;
  }

  /** A worker back from a call (or just started) serves the next waiter, or goes idle. */
  private release(worker: PythonWorker): void {
    if (worker.dead) {
      this.drop(worker);
      // Replace it while calls wait, so a crash or timeout does not shrink the pool.
      if (this.waiters.length > this.starting && this.workers.length < this.limit) this.startWorker();
      return;
    }
    const waiter = this.waiters.shift();
    if (!waiter) {
      this.idle.push(worker);
      return;
    }
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.resolve(worker);
  }

  private drop(worker: PythonWorker): void {
    const index = this.workers.indexOf(worker);
    if (index === -1) return;
    this.workers.splice(index, 1);
    verboseLog(`worker ${worker.pid ?? '?'} (${this.command}) stopped; ${this.workers.length} left`);
  }

  private takeIdle(): PythonWorker | undefined {
    let worker = this.idle.pop();
    while (worker?.dead) {
      this.drop(worker);
      worker = this.idle.pop();
    }
    return worker;
  }

  private scheduleGrowth(): void {
    if (this.growTimer || this.workers.length >= this.limit) return;
    this.growTimer = setTimeout(() => {
      this.growTimer = undefined;
      if (this.waiters.length === 0) return;
      if (this.hasSlowCall()) {
        const wanted = Math.min(this.waiters.length - this.starting, this.limit - this.workers.length);
        for (let i = 0; i < wanted; i++) this.startWorker();
      }
      if (this.waiters.length > this.starting) this.scheduleGrowth();
    }, GROW_AFTER_MS);
  }

  /** Whether a started worker has been on one call for GROW_AFTER_MS or more. */
  private hasSlowCall(): boolean {
    const now = performance.now();
    return this.workers.some(
      (w) => !this.startingWorkers.has(w) && w.busySince !== undefined && now - w.busySince >= GROW_AFTER_MS,
    );
  }

  private startWorker(): void {
    const worker = new PythonWorker(this.command);
    this.workers.push(worker);
    this.startingWorkers.add(worker);
    this.starting++;
    if (worker.pid !== undefined) this.started.push(worker.pid);
    verboseLog(
      `started worker ${worker.pid ?? '?'} with ${this.command} (${this.workers.length} of up to ${this.limit})`,
    );
    worker.request('{"op":"ping"}', { what: 'start-up', timeoutMs: START_TIMEOUT_MS }).then(
      () => {
        this.starting--;
        this.startingWorkers.delete(worker);
        this.release(worker);
      },
      (err: unknown) => {
        this.starting--;
        this.startingWorkers.delete(worker);
        this.drop(worker);
        // With no worker able to start, failing the waiting calls beats leaving them to hang.
        if (this.workers.length === 0) {
          for (const waiter of this.waiters.splice(0))
            waiter.reject(err instanceof Error ? err : new Error(String(err)));
        }
      },
    );
  }
}

const pools = new Map<string, PythonPool>();

/** The shared pool for an interpreter, or a provider's own pool when it sets `workers`. */
export function poolFor(command: string, ownWorkers?: number, ownKey?: string): PythonPool {
  const key = ownWorkers ? `${command}\0${ownKey ?? ''}\0${ownWorkers}` : command;
  let pool = pools.get(key);
  if (!pool) {
    pool = new PythonPool(command, ownWorkers);
    pools.set(key, pool);
  }
  return pool;
}

/** Stops every worker of every pool. Idle workers never hold Node open, so this is optional. */
export function closePythonPools(): void {
  for (const pool of pools.values()) pool.close();
  pools.clear();
}
