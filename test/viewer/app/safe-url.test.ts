import { describe, expect, it } from 'vitest';
import { safeImageUrl, safeLinkUrl } from '../../../src/viewer/app/safe-url.js';

describe('URLs from eval content', () => {
  it('links only to http(s)', () => {
    expect(safeLinkUrl('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
    expect(safeLinkUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeLinkUrl(' JavaScript:alert(1)')).toBeUndefined();
    expect(safeLinkUrl('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(safeLinkUrl('vbscript:x')).toBeUndefined();
  });

  it('shows images only from raster data: URLs or http(s), never SVG', () => {
    expect(safeImageUrl('data:image/png;base64,iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(safeImageUrl('data:image/svg+xml;base64,PHN2Zz4=')).toBeUndefined();
    expect(safeImageUrl('data:image/png;base64,"><img src=x onerror=alert(1)>')).toBeUndefined();
    expect(safeImageUrl('https://example.com/cat.png')).toBe('https://example.com/cat.png');
  });
});
