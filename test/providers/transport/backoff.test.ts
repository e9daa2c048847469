import { describe, expect, it } from 'vitest';
import { exponentialDelayMs, serverRequestedDelayMs } from '../../../src/providers/transport/backoff.js';

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe('backoff', () => {
  it('prefers retry-after-ms, then Retry-After seconds, then an HTTP date', () => {
    expect(serverRequestedDelayMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(serverRequestedDelayMs(headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(serverRequestedDelayMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
  });

  it('reads OpenAI-style reset durations and takes the longest', () => {
    expect(
      serverRequestedDelayMs(headers({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' })),
    ).toBe(360_000);
    expect(serverRequestedDelayMs(headers({ 'x-ratelimit-reset-tokens': '250ms' }))).toBe(250);
  });

  it('backs off exponentially within the cap when the server says nothing', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(exponentialDelayMs(0, policy, () => 0)).toBe(50);
    expect(exponentialDelayMs(3, policy, () => 1)).toBe(800);
    expect(exponentialDelayMs(10, policy, () => 1)).toBe(1000);
  });
});
