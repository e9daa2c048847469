// Which URLs from eval content may become a link or an image: links only http(s), images only
// raster data: URLs or http(s). Everything else (javascript:, data:text/html, SVG) stays text.
// Pure, unit-tested.

export function safeLinkUrl(url: string): string | undefined {
  const trimmed = url.trim();
  return /^https?:\/\/[^\s]+$/i.test(trimmed) ? trimmed : undefined;
}

export function safeImageUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (/^data:image\/(png|jpe?g|gif|webp|avif);base64,[A-Za-z0-9+/=\s]+$/i.test(trimmed)) return trimmed;
  return safeLinkUrl(trimmed);
}
