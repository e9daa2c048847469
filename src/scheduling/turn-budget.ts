// One budget of synchronous work per turn of the event loop, shared by everything that carries a
// cell forward (a reply's handling in the transport, the pool starting the next step). At -j 500
// hundreds of replies arrive in the same turn; handled at once, they kept the loop busy for 100 ms
// and more, delaying every other reply, timer and signal. Work past the budget waits, in arrival
// order, for a later turn, so each turn does about TURN_BUDGET_MS of cell work and then lets I/O in.
//
// A turn's window opens when the loop has waited for I/O since the last look (it was idle: a fresh
// turn), or, while work is waiting, at the start of each check phase (the `opener` immediate, which
// is queued ahead of that phase's release immediates). Each release immediate releases the oldest
// waiter while the window lasts; the first one past it arms the next check phase. The first release
// in a window always goes ahead, so a waiter is never starved.

import { performance } from 'node:perf_hooks';

/** The cell work one turn may do before the rest waits for the next turn (well under a 50 ms stall). */
export const TURN_BUDGET_MS = 10;

let windowStart = Number.NEGATIVE_INFINITY;
/** The loop's idle total and the time at the last look, to tell a new turn and the busy time since. */
let lastIdle = -1;
let lastLookAt = 0;
/** When (and at what idle total) one of this module's immediates last ran: about the end of a check phase. */
let lastTickAt = 0;
let lastTickIdle = 0;
let releasedInWindow = 0;
let releasedInLastWindow = 0;
/** Whether the next check phase's opener (and its release immediates) is queued; how many of those are pending. */
let openerArmed = false;
let armedTicks = 0;
/** Release immediates queued for a check phase at the least. */
const MIN_TICKS = 16;
/** Resolvers waiting for a turn with budget, oldest first from `head`. */
let waiting: Array<(() => void) | undefined> = [];
let head = 0;

/**
 * How long the loop has waited for I/O in all (ms): eventLoopUtilization's `idle`, read without
 * the clock reading and the object it also makes (this is asked on every step and reply).
 */
function loopIdleTime(): number {
  return performance.nodeTiming.idleTime;
}

function withinBudget(): boolean {
  const now = performance.now();
  const idle = loopIdleTime();
  if (idle !== lastIdle) {
    // The loop blocked waiting for I/O since the last look: this is a new turn. What it did since
    // (reading the replies that woke it) is busy time of this turn; the idle wait is not. (Busy
    // time just before the wait is counted too: a window that errs short, never long.)
    const busySinceLastLook = lastIdle < 0 ? 0 : now - lastLookAt - (idle - lastIdle);
    openWindow(now - Math.max(0, busySinceLastLook));
    lastIdle = idle;
  }
  lastLookAt = now;
  return now - windowStart < TURN_BUDGET_MS;
}

function openWindow(now: number): void {
  windowStart = now;
  releasedInWindow = 0;
}

/**
 * Undefined while this turn still has budget (go on synchronously: no promise, no allocation);
 * otherwise a promise that settles in a later turn, once the work queued before it has had its turn.
 */
export function turnBudget(): Promise<void> | undefined {
  if (withinBudget()) return undefined;
  return new Promise<void>(enqueue);
}

/**
 * Settles no earlier than this turn's check phase (after the I/O just read has been handled, e.g.
 * undici returning a socket to its pool), and then only within a turn's budget.
 */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    setImmediate(() => {
      tick();
      if (head === waiting.length && withinBudget()) resolve();
      else enqueue(resolve);
    });
  });
}

function enqueue(resolve: () => void): void {
  waiting.push(resolve);
  armNextPhase();
}

/**
 * Queues, for the next check phase, the opener and release immediates for about as many waiters
 * as a window released last time (twice that, at least MIN_TICKS): one immediate per waiter would
 * mean re-queueing hundreds of them every turn while a burst waits. Should they run out with
 * budget left and work still waiting, the last one arms the phase after.
 */
function armNextPhase(): void {
  if (openerArmed) return;
  openerArmed = true;
  setImmediate(opener);
  const ticks = Math.min(waiting.length - head, Math.max(MIN_TICKS, 2 * releasedInLastWindow));
  for (let i = 0; i < ticks; i++) setImmediate(release);
  armedTicks += ticks;
}

/** Notes the time as one of this module's immediates runs, the check phase's end as far as we can tell. */
function tick(): void {
  lastTickAt = performance.now();
  lastTickIdle = loopIdleTime();
}

/**
 * First in a check phase while anything waits: that phase's window opens here. What the loop did
 * since the last check phase (timers such as a store commit, replies read from sockets, garbage
 * collection) is busy time of this same turn, so it is taken off the window; idle waiting is not.
 */
function opener(): void {
  openerArmed = false;
  if (head === waiting.length) return;
  releasedInLastWindow = releasedInWindow;
  const now = performance.now();
  const idle = loopIdleTime();
  const busySinceLastTick = now - lastTickAt - (idle - lastTickIdle);
  lastIdle = idle;
  lastLookAt = now;
  openWindow(now - Math.max(0, busySinceLastTick));
  tick();
}

function release(): void {
  armedTicks--;
  tick();
  if (head === waiting.length) return;
  if (releasedInWindow > 0 && !withinBudget()) {
    // This turn is spent: the next check phase takes over (the other ticks of this one end here).
    armNextPhase();
    return;
  }
  releasedInWindow++;
  if (armedTicks === 0 && waiting.length - head > 1) armNextPhase();
  const resolve = waiting[head];
  waiting[head++] = undefined;
  if (head === waiting.length) {
    waiting = [];
    head = 0;
  } else if (head > 1024 && head * 2 > waiting.length) {
    waiting = waiting.slice(head);
    head = 0;
  }
  resolve?.();
}
