import { describe, expect, it } from 'vitest';
import { formatDuration, formatSummary } from '../../src/results/summary.js';
import { makeInfo, makeResult, makeSummary } from './factory.js';

const strip = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('formatSummary', () => {
  const info = makeInfo(4, 2);
  const results = [
    makeResult(0, 0, 'pass'),
    makeResult(0, 1, 'pass'),
    makeResult(1, 0, 'pass'),
    makeResult(1, 1, 'pass'),
    makeResult(2, 0, 'pass'),
    makeResult(2, 1, 'fail'),
    makeResult(3, 0, 'error'),
    makeResult(3, 1, 'fail'),
  ];

  it('prints id, counts with percentages, tokens apart, duration and concurrency', () => {
    const summary = makeSummary(info, results);
    summary.stats.graderTokenUsage = { total: 300, prompt: 200, completion: 100 };
    const text = formatSummary(summary, { concurrency: 4 });
    expect(text).toContain('! Eval complete with 1 error (ID: eval-test-1)');
    expect(text).toContain('✓ 5 passed (62.50%)');
    expect(text).toContain('✗ 2 failed (25.00%)');
    expect(text).toContain('✗ 1 error (12.50%)');
    expect(text).toContain('Total Tokens: 370');
    expect(text).toContain('Eval: 70 (prompt 42, completion 28, requests 7)');
    expect(text).toContain('Grading: 300 (prompt 200, completion 100)');
    expect(text).toContain('Duration: 1.2s (concurrency: 4)');
    expect(text).not.toContain('\u001b[');
  });

  it('says when Ctrl-C stopped the run early', () => {
    const summary = makeSummary(info, results.slice(0, 3), { aborted: true, abortReason: 'interrupted' });
    const text = formatSummary(summary, { totalCells: 8 });
    expect(text).toContain(
      '■ Stopped early: interrupted (ID: eval-test-1)\n  3 of 8 cells completed; outputs contain what completed.',
    );
    expect(text).not.toContain('Eval complete');
    // One stop message, not a headline and then the same news again.
    expect(text.match(/stopped/gi)).toHaveLength(1);
    const byUser = formatSummary(
      makeSummary(info, results.slice(0, 3), { aborted: true, abortReason: 'Stopped by the user' }),
      { totalCells: 8 },
    );
    expect(byUser).toContain(
      '■ Stopped early by the user (ID: eval-test-1)\n  3 of 8 cells completed; outputs contain what completed.',
    );
    expect(byUser.match(/stopped/gi)).toHaveLength(1);
  });

  it('is green only when no cell errored, and never for a run where every cell errored', () => {
    const allErrors = makeSummary(info, [makeResult(0, 0, 'error'), makeResult(0, 1, 'error')]);
    const text = formatSummary(allErrors, { color: true });
    expect(text).not.toContain('Eval complete');
    expect(text).not.toContain('\u001b[32m');
    expect(strip(text)).toContain('✗ Eval failed: all 2 cells errored (ID: eval-test-1)');

    const passes = formatSummary(makeSummary(info, [makeResult(0, 0, 'pass'), makeResult(0, 1, 'fail')]), {
      color: true,
    });
    expect(passes).toContain('\u001b[32m✓ Eval complete (ID: eval-test-1)');
  });

  it('puts no red ✗ beside a zero count', () => {
    const text = formatSummary(makeSummary(info, [makeResult(0, 0, 'pass')]), { color: true });
    expect(strip(text)).toContain('· 0 failed (0.00%)');
    expect(strip(text)).toContain('· 0 errors (0.00%)');
    expect(text).not.toMatch(/\u001b\[31m✗\u001b\[39m 0 /);
    const noColor = formatSummary(makeSummary(info, [makeResult(0, 0, 'pass')]));
    expect(noColor).not.toMatch(/✗ 0 /);
  });

  it('formats durations like promptfoo', () => {
    expect(formatDuration(450)).toBe('450ms');
    expect(formatDuration(65_000)).toBe('1m 5s');
    expect(formatDuration(3_723_000)).toBe('1h 2m 3s');
  });
});
