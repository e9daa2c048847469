import { describe, expect, it } from 'vitest';
import { ErrorDigest } from '../../src/results/error-digest.js';
import { makeResult } from './factory.js';

function digestOf(errors: string[], passes = 0): ErrorDigest {
  const digest = new ErrorDigest();
  errors.forEach((error, i) => digest.onResult(makeResult(i, 0, 'error', { error })));
  for (let i = 0; i < passes; i++) digest.onResult(makeResult(i, 1, 'pass'));
  return digest;
}

describe('ErrorDigest', () => {
  it('says nothing when no cell errored', () => {
    expect(digestOf([], 3).format()).toBe('');
  });

  it('groups the same error across request ids, most frequent first, with counts', () => {
    const unauthorized = (id: number) =>
      `HTTP 401 Unauthorized: bad key (code: invalid_api_key) [request id: req_${id}]. Check the API key.`;
    const errors = [
      ...Array.from({ length: 12 }, (_, i) => unauthorized(i)),
      'Timed out after 30000ms',
      'Timed out after 30000ms',
      'HTTP 500 Internal Server Error',
    ];
    const lines = digestOf(errors).format({ width: 100 }).trimEnd().split('\n');
    expect(lines[0]).toBe('Errors: 15 cells errored, 3 distinct errors');
    expect(lines[1]).toBe('  12× [echo] HTTP 401 Unauthorized: bad key (code: invalid_api_key). Check the API key.');
    expect(lines[2]).toBe('   2× [echo] Timed out after 30000ms');
    expect(lines[3]).toBe('   1× [echo] HTTP 500 Internal Server Error');
    expect(lines).toHaveLength(4);
  });

  it('shows the top few and says where the rest are', () => {
    const errors = Array.from({ length: 8 }, (_, i) => `error number ${i}`);
    const withFiles = digestOf(errors).format({ top: 5, outputs: ['out.json'] });
    expect(withFiles).toContain('error number 4');
    expect(withFiles).not.toContain('error number 5');
    expect(withFiles).toContain('… 3 more distinct errors (3 cells) are in out.json');
    const withoutFiles = digestOf(errors).format({ top: 5 });
    expect(withoutFiles).toContain(
      '… 3 more distinct errors (3 cells) – run with -o results.json to keep every error in full',
    );
  });

  it('cuts long messages to the width, keeping the status and the code', () => {
    const long = `HTTP 429 Too Many Requests from api.example.com/v1: ${'slow down '.repeat(20)}(code: rate_limit_exceeded)`;
    const text = digestOf([long]).format({ width: 80, outputs: ['r.jsonl'] });
    for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).toContain('HTTP 429 Too Many Requests: slow down');
    expect(text).toContain('(code: rate_limit_exceeded)');
    expect(text).toContain('Full messages are in r.jsonl');
  });
});
