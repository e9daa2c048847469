import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDuration,
  formatPercent,
  formatRate,
  formatRemaining,
} from '../../src/results/format-numbers.js';
import { createFileSink } from '../../src/results/sinks/index.js';
import { formatSummary } from '../../src/results/summary.js';
import { decodeReport } from '../viewer/report/report-fixture.js';
import { makeInfo, makeResult, makeSummary, runSink, tempDir } from './factory.js';

describe('number formats', () => {
  it('formats counts, percentages, durations and rates one way', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(5, 8)).toBe('62.50%');
    expect(formatPercent(0, 0)).toBe('0.00%');
    expect(formatPercent(999, 1000, 0)).toBe('99%');
    expect(formatDuration(450)).toBe('450ms');
    expect(formatDuration(12_345)).toBe('12.3s');
    expect(formatDuration(65_000)).toBe('1m 5s');
    expect(formatRemaining(400)).toBe('<1s');
    expect(formatRemaining(8_400)).toBe('8s');
    expect(formatRate(3.25)).toBe('3.3');
    expect(formatRate(1234.4)).toBe('1,234');
  });

  it('the HTML report carries the same counts as the console summary', async () => {
    const info = makeInfo(4, 2);
    const results = [0, 1, 2, 3].flatMap((t) => [
      makeResult(t, 0, 'pass'),
      makeResult(t, 1, t === 3 ? 'error' : t === 2 ? 'fail' : 'pass'),
    ]);
    const summary = makeSummary(info, results);
    summary.stats.tokenUsage.total = 1234;
    const dir = await tempDir();
    const path = join(dir, 'report.html');
    await runSink(createFileSink(path), info, results, summary);
    const text = formatSummary(summary);
    for (const shown of ['75.00%', '12.50%', '1.2s', '1,234']) expect(text).toContain(shown);
    // The viewer formats them from the embedded data: 6/8 passed, 1 failed, 1 error, 1.2 s.
    expect(decodeReport(path).data.header.listing).toMatchObject({
      successes: 6,
      failures: 1,
      errors: 1,
      durationMs: 1234,
    });
  });
});
