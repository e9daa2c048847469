import { describe, expect, it } from 'vitest';
import { TURN_BUDGET_MS, nextTurn, turnBudget } from '../../src/scheduling/turn-budget.js';

/** Keeps the thread busy for `ms`, as handling a reply or starting a request does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose: synchronous work
  }
}

// Each piece takes a fifth of a turn's budget, so 40 of them are 8 turns' worth of work.
const PIECE_MS = TURN_BUDGET_MS / 5;
const PIECES = 40;

describe('the turn budget', () => {
  it('spreads a burst of replies over several turns, in arrival order, so a timer gets in between', async () => {
    const handled: number[] = [];
    let handledWhenTimerFired = -1;
    // A burst: every reply's handling asks for its turn at once, as 500 replies arriving together do.
    await Promise.all(
      Array.from({ length: PIECES }, async (_, i) => {
        await nextTurn();
        busy(PIECE_MS);
        handled.push(i);
        // A timer due as soon as the first reply is handled, standing for every other timer and signal.
        if (handled.length === 1) setTimeout(() => (handledWhenTimerFired = handled.length), 0);
      }),
    );
    expect(handled).toEqual(Array.from({ length: PIECES }, (_, i) => i));
    // The timer ran while replies were still waiting: no single turn handled the whole burst.
    expect(handledWhenTimerFired).toBeGreaterThan(0);
    expect(handledWhenTimerFired).toBeLessThan(PIECES);
  });

  it('lets a chain of work that never waits for I/O step out to the loop once the turn is spent', async () => {
    let timerFired = false;
    let piecesBeforeTimer = 0;
    setTimeout(() => {
      timerFired = true;
    }, 0);
    for (let i = 0; i < PIECES; i++) {
      const pause = turnBudget();
      if (pause) await pause;
      busy(PIECE_MS);
      if (!timerFired) piecesBeforeTimer++;
    }
    expect(timerFired).toBe(true);
    expect(piecesBeforeTimer).toBeLessThan(PIECES);
  });

  it('goes on without waiting while the turn still has budget', async () => {
    // A fresh turn (after a timer) has its whole budget: the first request of a quiet run is not
    // delayed. On a loaded machine the test runner's own work can share this thread's turn, so a
    // few fresh turns are tried; a budget that never let anything go on at once fails all of them.
    let wentOn = 0;
    for (let attempt = 0; attempt < 5 && wentOn === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const pause = turnBudget();
      if (pause) await pause;
      else wentOn++;
    }
    expect(wentOn).toBe(1);
  });
});
