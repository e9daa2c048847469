// The bench table's judgement and layout: the verdict of a figure against its target (value /
// target, met or not, either direction), how values and targets print, and the compare table's
// B/A ratio. Nothing here is timed: the figures are made up.
import { describe, expect, it } from 'vitest';
import {
  compareFigure,
  formatCompareTable,
  formatResultsTable,
  formatTarget,
  formatValue,
  median,
  targetSummary,
  verdict,
} from '../../bench/lib/table.mjs';

describe('verdict', () => {
  it('divides the value by the target and meets a lower-is-better target at or under it', () => {
    expect(verdict({ name: 'wall', value: 0.45, unit: 's', target: 0.18 })).toEqual({ ratio: 2.5, met: false });
    expect(verdict({ name: 'ratio', value: 1.3, unit: 'x', target: 1.3 }).met).toBe(true);
    expect(verdict({ name: 'ratio', value: 1.3, unit: 'x', target: 1.3, strict: true }).met).toBe(false);
  });

  it('meets a higher-is-better target at or over it', () => {
    expect(verdict({ name: 'speed-up', value: 3, unit: 'x', target: 2, better: 'higher' })).toEqual({
      ratio: 1.5,
      met: true,
    });
    expect(verdict({ name: 'speed-up', value: 1, unit: 'x', target: 2, better: 'higher' }).met).toBe(false);
  });

  it('counts a figure that could not be measured as not met, and a figure without target as neither', () => {
    expect(verdict({ name: 'wall', value: null, unit: 's', target: 5 })).toEqual({ ratio: undefined, met: false });
    expect(verdict({ name: 'wall', value: 3, unit: 's' })).toEqual({ ratio: undefined, met: undefined });
  });

  it('handles a zero target (a count that must be nil)', () => {
    expect(verdict({ name: 'workers', value: 0, target: 0 })).toEqual({ ratio: 1, met: true });
    expect(verdict({ name: 'workers', value: 2, target: 0 }).met).toBe(false);
  });
});

describe('formatting', () => {
  it('prints values in their unit with a fitting precision', () => {
    expect(formatValue(0.4512, 's')).toBe('0.45 s');
    expect(formatValue(573.24, 'MB')).toBe('573.2 MB');
    expect(formatValue(1.654, 'x')).toBe('1.65x');
    expect(formatValue(2.04, 'ms')).toBe('2.0 ms');
    expect(formatValue(0.0571, 'ms')).toBe('0.057 ms');
    expect(formatValue(1234.5, 'ms')).toBe('1,235 ms');
    expect(formatValue(20000, '')).toBe('20,000');
    expect(formatValue(null, 's')).toBe('n/a');
  });

  it('says whether a target is exclusive and which way is better', () => {
    expect(formatTarget({ name: 'a', value: 1, unit: 's', target: 0.18, strict: true })).toBe('< 0.18 s');
    expect(formatTarget({ name: 'a', value: 1, unit: 'x', target: 1.3 })).toBe('<= 1.30x');
    expect(formatTarget({ name: 'a', value: 1, unit: 'x', target: 2, better: 'higher' })).toBe('>= 2.00x');
    expect(formatTarget({ name: 'a', value: 1, unit: 's' })).toBe('');
  });

  it('prints one aligned table with every row, its verdict and numbered notes', () => {
    const table = formatResultsTable([
      {
        bench: 'startup',
        rows: [
          { name: '1-test eval', value: 0.45, unit: 's', target: 0.18, strict: true, note: 'median of 10' },
          { name: 'node -e 0', value: 0.07, unit: 's' },
        ],
      },
      { bench: 'large-suites', rows: [{ name: 'peak RSS', value: 140, unit: 'MB', target: 150, strict: true }] },
      { bench: 'store', rows: [{ name: 'a line an older bench printed', value: undefined }] },
      { bench: 'viewer', rows: [{ name: 'first screen', value: null, unit: 's', target: 2, strict: true }] },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^bench\s+figure\s+value\s+target\s+value\/target\s+verdict$/);
    expect(lines.find((l) => l.includes('1-test eval [1]'))).toMatch(/0\.45 s\s+< 0\.18 s\s+2\.50\s+NOT MET$/);
    expect(lines.find((l) => l.includes('peak RSS'))).toMatch(/140\.0 MB\s+< 150\.0 MB\s+0\.93\s+met$/);
    expect(lines.find((l) => l.includes('node -e 0'))).toMatch(/0\.07 s$/);
    expect(lines.find((l) => l.includes('first screen'))).toMatch(/n\/a\s+< 2\.00 s\s+NOT MEASURED$/);
    expect(lines.find((l) => l.includes('older bench'))).toMatch(/^store\s+a line an older bench printed$/);
    expect(table).toContain('[1] median of 10');
    // Columns line up: every value cell ends at the same column.
    const valueEnd = (l: string) => l.indexOf(' s') + 2;
    expect(valueEnd(lines.find((l) => l.includes('1-test eval'))!)).toBe(
      valueEnd(lines.find((l) => l.includes('node -e 0'))!),
    );
    expect(
      targetSummary([
        {
          bench: 'x',
          rows: [
            { name: 'a', value: 1, target: 2 },
            { name: 'b', value: 3, target: 2 },
            { name: 'c', value: 1 },
            { name: 'd', value: null, target: 2 },
          ],
        },
      ]),
    ).toEqual({ met: 1, missed: 1, unmeasured: 1 });
  });
});

describe('compare', () => {
  it('takes the median of the pairwise B/A ratios, so a drifting machine cancels out', () => {
    // The machine got twice as slow between rounds; B is 20% slower within each pair.
    const result = compareFigure({ a: [1, 2, 2], b: [1.2, 2.4, 2.4] });
    expect(result.ratio).toBeCloseTo(1.2);
    expect(result.change).toBe('B WORSE');
    expect(median([1, 3, 2, 4])).toBe(2.5);
  });

  it('calls a change noisy when some pair contradicts it', () => {
    expect(compareFigure({ a: [1, 1, 1], b: [1.6, 0.96, 1.3] }).change).toBe('noisy');
    expect(compareFigure({ a: [1, 1, 1], b: [0.5, 1.05, 0.6] }).change).toBe('noisy');
  });

  it('calls a change within the band the same, and reads direction from `better`', () => {
    expect(compareFigure({ a: [10, 10], b: [10.5, 10.4] }).change).toBe('same');
    expect(compareFigure({ a: [10, 10], b: [5, 5] }).change).toBe('B better');
    expect(compareFigure({ a: [2, 2], b: [1, 1], better: 'higher' }).change).toBe('B WORSE');
  });

  it('prints A, B, B/A and the range of the pairwise ratios', () => {
    const table = formatCompareTable([{ bench: 'startup', name: 'wall', unit: 's', a: [0.4, 0.5], b: [0.2, 0.3] }]);
    expect(table.split('\n')[2]).toMatch(/^startup\s+wall\s+0\.45 s\s+0\.25 s\s+0\.55\s+0\.50-0\.60\s+B better$/);
  });
});
