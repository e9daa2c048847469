// raceAbort: a cell or call ends the moment its run is cancelled, whether or not the work ever
// settles, with one listener on the signal however many calls wait on it.

import { describe, expect, it } from 'vitest';
import { raceAbort } from '../../src/runner/abort-race.js';

const never = () => new Promise<never>(() => undefined);

describe('raceAbort', () => {
  it('settles like the work while the signal stays quiet', async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve(7), controller.signal, () => new Error('x'))).resolves.toBe(7);
    await expect(raceAbort(Promise.reject(new Error('bad')), controller.signal, () => new Error('x'))).rejects.toThrow(
      'bad',
    );
  });

  it('rejects every waiting race on abort, in order, and leaves settled ones alone', async () => {
    const controller = new AbortController();
    const order: number[] = [];
    const done = raceAbort(Promise.resolve('early'), controller.signal, () => new Error('late'));
    await expect(done).resolves.toBe('early');
    const waiting = [1, 2, 3].map((n) =>
      raceAbort(never(), controller.signal, () => {
        order.push(n);
        return new Error(`stopped ${n}`);
      }),
    );
    controller.abort(new Error('cancelled'));
    const outcomes = await Promise.allSettled(waiting);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'resolved'))).toEqual([
      'stopped 1',
      'stopped 2',
      'stopped 3',
    ]);
    expect(order).toEqual([1, 2, 3]);
  });

  it('rejects at once on a signal that has already aborted, without an unhandled rejection from the work', async () => {
    const controller = new AbortController();
    controller.abort();
    const work = Promise.reject(new Error('ignored'));
    await expect(raceAbort(work, controller.signal, () => new Error('aborted'))).rejects.toThrow('aborted');
  });
});
