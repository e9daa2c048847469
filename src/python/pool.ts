// Pools of persistent Python workers, one pool per interpreter (plus one per provider that sets
// `workers`). A pool starts workers only when every existing one is busy, up to its limit (-j by
// default), so an eval that never calls Python spawns nothing. Dead workers are dropped and
// replaced on the next call; a call waiting for a worker honours its abort signal.

import { PythonError } from './python-error.js';
import { pythonWorkerLimit, verboseLog } from './settings.js';
import { PythonWorker, type CallLimits, type WorkerReply } from './worker-process.js';

interface Waiter {
  resolve: (worker: PythonWorker) => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class PythonPool {
  private readonly workers: PythonWorker[] = [];
  private readonly idle: PythonWorker[] = [];
  private readonly waiters: Waiter[] = [];
  /** Every worker process this pool has started (pids), for --verbose and tests. */
  readonly started: number[] = [];

  constructor(
    private readonly command: string,
    private readonly fixedLimit?: number,
  ) {}

  get limit(): number {
    return this.fixedLimit ?? pythonWorkerLimit();
  }

  async run(body: Record<string, unknown>, limits: CallLimits): Promise<WorkerReply> {
    if (limits.signal?.aborted) throw new PythonError('aborted', `Python call ${limits.what} was cancelled`);
    const worker = await this.acquire(limits.signal, limits.what);
    try {
      return await worker.request(body, limits);
    } finally {
      this.release(worker);
    }
  }

  /** Stops every worker (tests and library users that want a clean exit before Node's own). */
  close(): void {
    for (const worker of this.workers) worker.kill();
    this.workers.length = 0;
    this.idle.length = 0;
  }

  private acquire(signal: AbortSignal | undefined, what: string): Promise<PythonWorker> {
    const ready = this.takeIdle() ?? this.startIfRoom();
    if (ready) return Promise.resolve(ready);
    return new Promise<PythonWorker>((resolve, reject) => {
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
  }

  private release(worker: PythonWorker): void {
    if (worker.dead) {
      const index = this.workers.indexOf(worker);
      if (index !== -1) this.workers.splice(index, 1);
      verboseLog(`worker ${worker.pid ?? '?'} (${this.command}) stopped; ${this.workers.length} left`);
    } else {
      this.idle.push(worker);
    }
    while (this.waiters.length > 0) {
      const next = this.takeIdle() ?? this.startIfRoom();
      if (!next) break;
      const waiter = this.waiters.shift()!;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(next);
    }
  }

  private takeIdle(): PythonWorker | undefined {
    let worker = this.idle.pop();
    while (worker?.dead) {
      this.workers.splice(this.workers.indexOf(worker), 1);
      worker = this.idle.pop();
    }
    return worker;
  }

  private startIfRoom(): PythonWorker | undefined {
    if (this.workers.length >= this.limit) return undefined;
    const worker = new PythonWorker(this.command);
    this.workers.push(worker);
    if (worker.pid !== undefined) this.started.push(worker.pid);
    verboseLog(`started worker ${worker.pid ?? '?'} with ${this.command} (${this.workers.length} of up to ${this.limit})`);
    return worker;
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
