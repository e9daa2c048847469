// The main thread's side of the store worker (store-worker.ts): posts numbered cell batches and
// hears back as each commits. `waitFor` blocks until a batch has committed, for the paths that
// must not return before (the run's end, close, a forced exit).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { QueuedRow } from './cell-batch.js';
import type { BatchMessage, BatchReply, StoreWorkerData } from './store-worker.js';

// The worker's file beside this module (dist/store/, or dist/bin/ in the bundled command). Run
// from TypeScript sources (tests) it does not exist, and the writer commits on its own thread.
const WORKER_URL = new URL('./store-worker.js', import.meta.url);

// A blocked wait gives up after this long (a hung disk): the run then goes on without its store.
const WAIT_LIMIT_MS = (Number(process.env.ASSAY_STORE_BUSY_TIMEOUT_MS) || 10_000) + 20_000;

export class OffThreadCommits {
  /** [0]: the last batch the worker handled (committed or failed); [1]: the last it committed. */
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly replies: MessagePort;
  private readonly worker: Worker;
  private posted = 0;
  private answered = 0;

  /** Starts the worker, or returns undefined where there is none to start (run from sources). */
  static start(path: string, onReply: (reply: BatchReply) => void): OffThreadCommits | undefined {
    if (!existsSync(fileURLToPath(WORKER_URL))) return undefined;
    return new OffThreadCommits(path, onReply);
  }

  private constructor(
    path: string,
    private readonly onReply: (reply: BatchReply) => void,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    const data: StoreWorkerData = { path, state: this.state, replies: port2 };
    this.worker = new Worker(WORKER_URL, {
      workerData: data,
      transferList: [port2],
      // Its garbage is one batch at a time: a small young generation keeps its memory small.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    this.replies.on('message', (reply: BatchReply) => this.receive(reply));
    this.worker.on('error', (err) => this.receive({ number: this.posted, failure: err.message }));
    // Neither keeps the process alive by itself: only batches still waiting for their reply do.
    this.worker.unref();
    this.replies.unref();
  }

  post(number: number, rows: QueuedRow[]): void {
    // A batch travels as two strings, which the structured clone copies whole: the rows' short
    // values as one JSON array, and the bodies (most of the bytes) joined by newlines, which JSON
    // text never holds raw. Cloning the rows as objects, and the bodies one by one, cost the main
    // thread several times more.
    const bodies: string[] = [];
    const heads: unknown[][] = [];
    for (const { skipped, shortText, values } of rows) {
      bodies.push(values[values.length - 1] as string);
      heads.push([skipped ? 1 : shortText ? 2 : 0, ...values.slice(0, -1)]);
    }
    const message: BatchMessage = { number, rows: JSON.stringify(heads), bodies: bodies.join('\n') };
    this.worker.postMessage(message);
    if (this.posted === this.answered) this.replies.ref();
    this.posted = number;
  }

  /** The last batch the worker has committed (read from shared memory: no message to wait for). */
  committedSoFar(): number {
    return Atomics.load(this.state, 1);
  }

  /** Blocks until batch `number` has committed (or failed); false if the worker never answered. */
  waitFor(number: number): boolean {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (this.answered < number) {
      const reply = receiveMessageOnPort(this.replies);
      if (reply) {
        this.receive(reply.message as BatchReply);
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      // The worker posts its reply before raising the counter, so once it moves a reply is there.
      Atomics.wait(this.state, 0, Atomics.load(this.state, 0), Math.min(left, 50));
    }
    return true;
  }

  /** Stops the worker (after the caller waited for its last batch). */
  stop(): void {
    this.replies.close();
    void this.worker.terminate();
  }

  private receive(reply: BatchReply): void {
    if (reply.number <= this.answered && reply.failure === undefined) return;
    this.answered = Math.max(this.answered, reply.number);
    if (this.answered >= this.posted) this.replies.unref();
    this.onReply(reply);
  }
}
