import { describe, expect, it } from 'vitest';
import { filterToParams, formatHash, paramsToFilter, parseHash } from '../../../src/viewer/app/route.js';

describe('viewer hash routes', () => {
  it('keeps the eval page filter in the URL so a link reopens the same view', () => {
    const route = {
      page: 'eval' as const,
      id: 'eval-2026 x/y',
      filter: {
        show: 'failures' as const,
        q: 'capital (of)',
        regex: true,
        metric: 'accuracy',
        columns: [0, 2],
        meta: 'lang=fr',
      },
      cell: 'abc123',
    };
    const hash = formatHash(route);
    expect(hash).toMatch(/^#\/eval\/eval-2026%20x%2Fy\?/);
    expect(parseHash(hash)).toEqual(route);
  });

  it('uses the contract names for the filter parameters, leaving defaults out', () => {
    expect(filterToParams({ show: 'errors', q: 'x', regex: true }).toString()).toBe('show=errors&q=x&regex=1');
    expect(filterToParams({ show: 'all' }).toString()).toBe('');
  });

  it('drops malformed values instead of failing', () => {
    expect(paramsToFilter(new URLSearchParams('show=everything&columns=1,x,3&regex=maybe'))).toEqual({
      columns: [1, 3],
    });
    expect(parseHash('#/eval/%E0%A4%A')).toEqual({ page: 'eval', id: '%E0%A4%A', filter: {} });
  });

  it('opens the compare page from --compare A B and the list for anything else', () => {
    expect(parseHash('#/compare?baseline=a&candidate=b')).toEqual({ page: 'compare', baseline: 'a', candidate: 'b' });
    expect(formatHash({ page: 'compare', baseline: 'a', candidate: 'b' })).toBe('#/compare?baseline=a&candidate=b');
    expect(parseHash('')).toEqual({ page: 'list' });
    expect(parseHash('#/nowhere')).toEqual({ page: 'list' });
    expect(parseHash(formatHash({ page: 'list', q: 'gpt & co' }))).toEqual({ page: 'list', q: 'gpt & co' });
  });
});
