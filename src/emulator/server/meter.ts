// Per-server knobs at run time: the requests-per-minute window, scripted faults and latency.

import type { Fault, FaultKind, Knobs } from '../types.js';

/** Sliding one-minute window of accepted requests (or tokens: each entry has a weight). */
export class WindowLimiter {
  private hits: { t: number; w: number }[] = [];
  private total = 0;
  constructor(
    private readonly now: () => number,
    public perMinute: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Takes `weight` slots and returns undefined, or returns the whole seconds to wait before enough free up. */
  tryTake(weight = 1): number | undefined {
    const t = this.now();
    this.prune(t);
    if (this.perMinute > 0 && this.total + weight > this.perMinute) {
      const oldest = this.hits[0]?.t ?? t;
      return Math.max(1, Math.ceil((oldest + this.windowMs - t) / 1000));
    }
    this.add(weight);
    return undefined;
  }

  /** Counts usage without enforcing a limit (e.g. tokens reported in rate-limit headers). */
  add(weight: number): void {
    this.hits.push({ t: this.now(), w: weight });
    this.total += weight;
  }

  used(): number {
    this.prune(this.now());
    return this.total;
  }

  reset(): void {
    this.hits = [];
    this.total = 0;
  }

  private prune(t: number): void {
    while (this.hits.length > 0 && this.hits[0]!.t <= t - this.windowMs) this.total -= this.hits.shift()!.w;
  }
}

interface FaultState {
  fault: Fault;
  seen: number;
  used: number;
}

export class Meter {
  private faults: FaultState[] = [];
  latencyMs = 0;
  readonly limiter: WindowLimiter;

  constructor(now: () => number, knobs: Knobs = {}) {
    this.limiter = new WindowLimiter(now, 0);
    this.set(knobs);
  }

  /** Knobs given replace the current ones; knobs left out keep their value. */
  set(knobs: Knobs): void {
    if (knobs.latencyMs !== undefined) this.latencyMs = Math.max(0, knobs.latencyMs);
    if (knobs.rpm !== undefined) this.limiter.perMinute = Math.max(0, knobs.rpm);
    if (knobs.faults !== undefined) this.faults = knobs.faults.map((fault) => ({ fault, seen: 0, used: 0 }));
  }

  reset(): void {
    this.limiter.reset();
    for (const f of this.faults) [f.seen, f.used] = [0, 0];
  }

  /** The fault for this request, if any; counters advance for every fault in the list. */
  nextFault(): Fault | undefined {
    let chosen: Fault | undefined;
    for (const state of this.faults) {
      state.seen += 1;
      const { count, rate } = state.fault;
      let applies: boolean;
      if (rate !== undefined) applies = Math.floor(state.seen * rate) > Math.floor((state.seen - 1) * rate);
      else applies = state.used < (count ?? 1);
      // A count-based fault that loses to an earlier one keeps its turn for a later request.
      if (applies && !chosen) {
        state.used += 1;
        chosen = state.fault;
      }
    }
    return chosen;
  }
}

const KINDS: FaultKind[] = ['status', 'reset', 'malformed', 'truncate', 'stall', 'stall-stream'];

/**
 * Parses the `--faults` syntax: comma-separated `kind[:n]`, where n >= 1 is a count and 0 < n < 1
 * a rate; a 3-digit kind is a status fault, e.g. `500:2,reset:1,truncate:0.25,stall`.
 */
export function parseFaults(spec: string): Fault[] {
  const out: Fault[] = [];
  for (const item of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name = '', amount] = item.split(':');
    const n = amount === undefined ? undefined : Number(amount);
    if (n !== undefined && (!Number.isFinite(n) || n <= 0))
      throw new Error(`Fault "${item}": the amount must be a count >= 1 or a rate between 0 and 1.`);
    const fault: Fault = /^\d{3}$/.test(name) ? { kind: 'status', status: Number(name) } : { kind: name as FaultKind };
    if (!/^\d{3}$/.test(name) && !KINDS.includes(name as FaultKind)) {
      throw new Error(
        `Unknown fault "${name}". Use one of: 500 (any 5xx status), ${KINDS.filter((k) => k !== 'status').join(', ')}.`,
      );
    }
    if (n !== undefined && n < 1) fault.rate = n;
    else if (n !== undefined) fault.count = Math.floor(n);
    out.push(fault);
  }
  return out;
}
