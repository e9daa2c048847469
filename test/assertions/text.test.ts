import { describe, expect, it } from 'vitest';
import { gradeOne } from './grade.js';

describe('text assertions', () => {
  it('equals compares exactly, and deep-compares JSON when the value is an object', async () => {
    expect((await gradeOne({ type: 'equals', value: 'Paris' }, 'Paris')).pass).toBe(true);
    const miss = await gradeOne({ type: 'equals', value: 'Paris' }, 'Paris ');
    expect(miss).toMatchObject({ pass: false, score: 0, reason: 'Expected output "Paris " to equal "Paris"' });
    expect((await gradeOne({ type: 'equals', value: { a: [1, 2] } }, '{"a": [1, 2]}')).pass).toBe(true);
    expect((await gradeOne({ type: 'equals', value: { a: [1, 2] } }, '{"a": [2, 1]}')).pass).toBe(false);
    expect((await gradeOne({ type: 'equals', value: { a: 1 } }, 'not json')).pass).toBe(false);
    expect((await gradeOne({ type: 'equals', value: 42 }, '42')).pass).toBe(true);
  });

  it('not-equals inverts pass and score and says so in the reason', async () => {
    const hit = await gradeOne({ type: 'not-equals', value: 'Paris' }, 'Paris');
    expect(hit).toMatchObject({ pass: false, score: 0, reason: 'Expected output "Paris" to not equal "Paris"' });
    expect(hit.assertion?.type).toBe('not-equals');
    expect(await gradeOne({ type: 'not-equals', value: 'Paris' }, 'Rome')).toMatchObject({ pass: true, score: 1 });
  });

  it('contains and icontains', async () => {
    expect((await gradeOne({ type: 'contains', value: 'quantum' }, 'A quantum leap')).pass).toBe(true);
    expect(await gradeOne({ type: 'contains', value: 'Quantum' }, 'A quantum leap')).toMatchObject({
      pass: false,
      reason: 'Expected output to contain "Quantum"',
    });
    expect((await gradeOne({ type: 'icontains', value: 'QUANTUM' }, 'A quantum leap')).pass).toBe(true);
    expect((await gradeOne({ type: 'contains', value: 4 }, 'it is 4')).pass).toBe(true);
    expect(await gradeOne({ type: 'not-icontains', value: 'LEAP' }, 'A quantum leap')).toMatchObject({
      pass: false,
      reason: 'Expected output to not contain "LEAP"',
    });
    expect((await gradeOne({ type: 'not-contains', value: 'sorry' }, 'Sure!')).pass).toBe(true);
  });

  it('contains-any / contains-all take a list or a comma-separated string with quotes', async () => {
    expect((await gradeOne({ type: 'contains-any', value: ['cat', 'dog'] }, 'a dog')).pass).toBe(true);
    expect((await gradeOne({ type: 'contains-any', value: 'cat, dog' }, 'a dog')).pass).toBe(true);
    expect((await gradeOne({ type: 'contains-any', value: 'cat, "a, b"' }, 'x a, b y')).pass).toBe(true);
    expect((await gradeOne({ type: 'contains-any', value: 'cat,, bird' }, 'a dog')).reason).toBe(
      'Expected output to contain one of "cat, bird"',
    );
    const all = await gradeOne({ type: 'contains-all', value: 'red, green, blue' }, 'red and blue');
    expect(all).toMatchObject({
      pass: false,
      reason: 'Expected output to contain all of [red, green, blue]. Missing: [green]',
    });
    expect((await gradeOne({ type: 'icontains-all', value: ['RED', 'Blue'] }, 'red and blue')).pass).toBe(true);
    expect((await gradeOne({ type: 'icontains-any', value: ['GREEN'] }, 'red and blue')).pass).toBe(false);
    expect((await gradeOne({ type: 'not-contains-any', value: ['green', 'pink'] }, 'red')).pass).toBe(true);
    expect((await gradeOne({ type: 'not-contains-all', value: ['red', 'blue'] }, 'red and blue')).pass).toBe(false);
  });

  it('regex matches without flags; an invalid pattern fails even when negated', async () => {
    expect((await gradeOne({ type: 'regex', value: '^\\d{3}-\\d{4}$' }, '555-1234')).pass).toBe(true);
    expect(await gradeOne({ type: 'regex', value: '^abc' }, 'ABC')).toMatchObject({
      pass: false,
      reason: 'Expected output to match regex "^abc"',
    });
    expect((await gradeOne({ type: 'not-regex', value: 'error' }, 'all good')).pass).toBe(true);
    const bad = await gradeOne({ type: 'not-regex', value: '(' }, 'x');
    expect(bad.pass).toBe(false);
    expect(bad.reason).toMatch(/^Invalid regex pattern/);
  });

  it('starts-with', async () => {
    expect((await gradeOne({ type: 'starts-with', value: 'Yes' }, 'Yes, indeed')).pass).toBe(true);
    expect(await gradeOne({ type: 'starts-with', value: 'No' }, 'Yes')).toMatchObject({
      pass: false,
      reason: 'Expected output to start with "No"',
    });
    expect(await gradeOne({ type: 'not-starts-with', value: 'Yes' }, 'Yes')).toMatchObject({
      pass: false,
      reason: 'Expected output to not start with "Yes"',
    });
  });

  it('word-count checks an exact number or a min/max range', async () => {
    expect((await gradeOne({ type: 'word-count', value: 3 }, ' one  two\nthree ')).pass).toBe(true);
    expect((await gradeOne({ type: 'word-count', value: 2 }, 'one two three')).reason).toBe(
      'Word count 3 does not equal expected 2',
    );
    expect((await gradeOne({ type: 'word-count', value: { min: 2, max: 4 } }, 'one two three')).pass).toBe(true);
    expect((await gradeOne({ type: 'word-count', value: { max: 2 } }, 'one two three')).reason).toBe(
      'Word count 3 is greater than maximum 2',
    );
    expect((await gradeOne({ type: 'word-count', value: { min: 5 } }, 'one two three')).reason).toBe(
      'Word count 3 is less than minimum 5',
    );
    expect(await gradeOne({ type: 'not-word-count', value: { min: 1, max: 5 } }, 'one two')).toMatchObject({
      pass: false,
      reason: 'Expected word count to not be between 1 and 5, but got 2',
    });
  });

  it('an assertion without a usable value is a configuration error', async () => {
    await expect(gradeOne({ type: 'contains' }, 'x')).rejects.toThrow(
      /"contains" assertion must have a string or number value/,
    );
    await expect(gradeOne({ type: 'word-count', value: { min: 5, max: 1 } }, 'x')).rejects.toThrow(/min \(5\)/);
  });

  it('grades structured output by its JSON text', async () => {
    expect((await gradeOne({ type: 'contains', value: '"city":"Paris"' }, { city: 'Paris' })).pass).toBe(true);
  });
});
