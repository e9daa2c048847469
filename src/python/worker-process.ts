// One Python worker process: spawns worker.py, sends one JSON request per line on stdin and
// matches replies from stdout by id. A worker that dies, or is killed on timeout or abort, fails
// the call it held with a message that says why; the pool then replaces it.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PythonError } from './python-error.js';
import { snippet } from '../providers/transport/errors.js';
import { scrubText } from '../redaction/secret-registry.js';
import { escapeControlChars } from '../results/terminal-text.js';
import { pythonVerbose } from './settings.js';

export interface WorkerReply {
  id: number;
  result?: unknown;
  error?: string;
  kind?: 'load' | 'missing' | 'call';
  traceback?: string;
  available?: string[];
}

export interface CallLimits {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Names the call in crash and timeout messages: `provider.py:call_api`. */
  what: string;
}

const STDERR_TAIL_LINES = 20;
/** A stderr line that never ends is taken as it is at this length, so memory stays bounded. */
const MAX_STDERR_LINE = 65_536;

/** worker.py sits beside this module in src/ and dist/python/; the CLI bundle in dist/bin/ looks one folder up. */
export function workerScriptPath(): string {
  const candidates = [new URL('./worker.py', import.meta.url), new URL('../python/worker.py', import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new PythonError(
    'crash',
    `Assay's Python worker script (worker.py) is missing from the installation near ${fileURLToPath(candidates[0]!)}`,
  );
}

export class PythonWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private buffered = '';
  private readonly stderrTail: string[] = [];
  private stderrPartial = '';
  private endReason: string | undefined;
  /** Set when the process is gone (crashed, killed, or never started). */
  dead = false;
  /** When the call in flight was sent (performance.now()), or undefined when idle. */
  busySince: number | undefined;

  constructor(command: string) {
    this.child = spawn(command, ['-u', workerScriptPath()], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => this.onStderr(chunk));
    this.child.stdin.on('error', () => {
      // EPIPE when the process has died; 'close' reports it.
    });
    this.child.on('error', (err) => this.finish(`could not start: ${err.message}`));
    this.child.on('close', (code, signal) =>
      this.finish(signal ? `was killed by ${signal}` : `exited with code ${code}`),
    );
    this.setIdle(true);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** `payload` is the request as JSON object text; the id is spliced in so args are serialised once. */
  request(payload: string, limits: CallLimits): Promise<WorkerReply> {
    if (this.dead)
      return Promise.reject(
        new PythonError('crash', `Python worker for ${limits.what} ${this.endReason ?? 'is gone'}`),
      );
    const id = this.nextId++;
    const line = `{"id":${id},${payload.slice(1)}\n`;
    return new Promise<WorkerReply>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        this.kill();
        settle(() => reject(new PythonError('aborted', `Python call ${limits.what} was cancelled`)));
      };
      const settle = (done: () => void) => {
        if (!this.pending.delete(id)) return;
        if (timer) clearTimeout(timer);
        limits.signal?.removeEventListener('abort', onAbort);
        if (this.pending.size === 0) {
          this.busySince = undefined;
          this.setIdle(true);
        }
        done();
      };
      this.pending.set(id, {
        resolve: (reply) => settle(() => resolve(reply)),
        reject: (err) =>
          settle(() =>
            reject(
              new PythonError('crash', `Python worker running ${limits.what} ${err.message}${this.stderrSummary()}`),
            ),
          ),
      });
      // Aborted before anything was sent: the worker is fine and stays.
      if (limits.signal?.aborted)
        return settle(() => reject(new PythonError('aborted', `Python call ${limits.what} was cancelled`)));
      limits.signal?.addEventListener('abort', onAbort, { once: true });
      if (limits.timeoutMs && limits.timeoutMs > 0) {
        timer = setTimeout(() => {
          this.kill();
          settle(() =>
            reject(
              new PythonError(
                'timeout',
                `Python call ${limits.what} timed out after ${limits.timeoutMs} ms; its worker was stopped`,
              ),
            ),
          );
        }, limits.timeoutMs);
      }
      this.setIdle(false);
      this.busySince ??= performance.now();
      this.child.stdin.write(line);
    });
  }

  kill(): void {
    if (!this.dead) this.child.kill('SIGKILL');
    this.dead = true;
  }

  private onStdout(chunk: string): void {
    this.buffered += chunk;
    let newline = this.buffered.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      if (line.trim()) this.onReply(line);
      newline = this.buffered.indexOf('\n');
    }
  }

  private onReply(line: string): void {
    let reply: WorkerReply;
    try {
      reply = JSON.parse(line) as WorkerReply;
    } catch {
      // Only worker.py writes to this pipe, so this means a broken interpreter; fail everything.
      this.kill();
      return this.finish(`sent a reply that is not JSON: ${snippet(line, 120)}`);
    }
    this.pending.get(reply.id)?.resolve(reply);
  }

  // Whole lines only: pipe chunks split text anywhere, and a secret split across two chunks would
  // escape the by-value scrubber. Verbose echo is scrubbed and control-escaped like every console line.
  private onStderr(chunk: string): void {
    const lines = (this.stderrPartial + chunk).split('\n');
    this.stderrPartial = lines.pop() ?? '';
    if (this.stderrPartial.length > MAX_STDERR_LINE) {
      lines.push(this.stderrPartial);
      this.stderrPartial = '';
    }
    for (const line of lines) this.keepStderrLine(line);
  }

  private keepStderrLine(line: string): void {
    if (pythonVerbose()) process.stderr.write(`${escapeControlChars(scrubText(line))}\n`);
    if (!line) return;
    this.stderrTail.push(line);
    if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
  }

  private stderrSummary(): string {
    const tail = this.stderrTail.slice(-5).join('\n');
    return tail ? `\nLast lines the worker wrote to stderr:\n${tail}` : '';
  }

  private finish(reason: string): void {
    if (this.stderrPartial) {
      this.keepStderrLine(this.stderrPartial);
      this.stderrPartial = '';
    }
    this.dead = true;
    this.endReason ??= reason;
    for (const entry of [...this.pending.values()]) entry.reject(new Error(this.endReason));
    this.setIdle(true);
  }

  /** An idle worker must not keep Node alive; a busy one must, or Node could exit mid-call. */
  private setIdle(idle: boolean): void {
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as Array<{
      ref?: () => void;
      unref?: () => void;
    }>;
    for (const handle of handles) (idle ? handle.unref : handle.ref)?.call(handle);
  }
}
