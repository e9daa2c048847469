import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

describe('a run of cells that answer without I/O', () => {
  it('still lets timers and signals in: an abort requested mid-run stops it long before the end', async () => {
    // The echo provider answers at once, so without stepping out to the event loop the whole run is
    // one chain of promises and a Ctrl-C (a timer here) is only seen after the last cell.
    const total = 20_000;
    const controller = new AbortController();
    let abortAsked = false;
    const result = await evaluate(
      {
        prompts: ['say {{ n }}'],
        providers: ['echo'],
        tests: Array.from({ length: total }, (_, n) => ({ vars: { n } })),
      },
      {
        maxConcurrency: 4,
        cache: false,
        write: false,
        abortSignal: controller.signal,
        progressCallback: () => {
          if (abortAsked) return;
          abortAsked = true;
          setTimeout(() => controller.abort(), 0);
        },
      },
    );
    expect(result.aborted).toBe(true);
    expect(result.stats.skipped).toBeGreaterThan(total / 2);
  }, 60_000);
});
