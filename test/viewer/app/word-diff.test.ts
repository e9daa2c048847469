import { describe, expect, it } from 'vitest';
import { wordDiff } from '../../../src/viewer/app/word-diff.js';

describe('word diff for the compare page', () => {
  it('marks the changed words and keeps the rest', () => {
    expect(wordDiff('The capital is Paris.', 'The capital is Lyon.')).toEqual([
      { text: 'The capital is ', kind: 'same' },
      { text: 'Paris', kind: 'removed' },
      { text: 'Lyon', kind: 'added' },
      { text: '.', kind: 'same' },
    ]);
  });

  it('finds insertions in the middle and rebuilds both texts exactly', () => {
    const before = 'one two three four';
    const after = 'one two and a half three four five';
    const parts = wordDiff(before, after);
    const side = (skip: string) =>
      parts
        .filter((p) => p.kind !== skip)
        .map((p) => p.text)
        .join('');
    expect(side('added')).toBe(before);
    expect(side('removed')).toBe(after);
    expect(parts.filter((p) => p.kind === 'removed')).toEqual([]);
  });

  it('stays fast on long, wholly different texts', () => {
    const a = 'alpha '.repeat(5000);
    const b = 'beta '.repeat(5000);
    const parts = wordDiff(a, b);
    // Too large for a word-by-word table: the differing middle is shown removed, then added.
    expect(parts.map((p) => p.kind)).toEqual(['removed', 'added', 'same']);
    expect(parts[2]!.text).toBe(' ');
  });
});
