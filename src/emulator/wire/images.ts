// Validates image content parts the way the Llama API documents its limits: JPEG, PNG, GIF or
// ICO, by http(s) URL or base64 data URL, at most 25 MB each and 9 per request.

const MAX_IMAGES = 9;
const MAX_BYTES = 25 * 1024 * 1024;
const DATA_URL = /^data:image\/(jpeg|jpg|png|gif|x-icon|vnd\.microsoft\.icon);base64,([A-Za-z0-9+/=\s]*)$/i;
const KNOWN_EXT = /\.(jpe?g|png|gif|ico)$/i;
const OTHER_IMAGE_EXT = /\.(bmp|webp|svg|tiff?|heic|avif)$/i;

/** A message for the first invalid image, or undefined when all are acceptable. */
export function imageProblem(urls: string[]): string | undefined {
  if (urls.length > MAX_IMAGES) return `Too many images: ${urls.length} given, at most ${MAX_IMAGES} per request.`;
  for (const [i, url] of urls.entries()) {
    if (url.startsWith('data:')) {
      const m = DATA_URL.exec(url);
      if (!m) return `Invalid image format in image ${i + 1}: use a base64 data URL of a JPEG, PNG, GIF or ICO image.`;
      const bytes = Math.floor((m[2]!.replace(/\s/g, '').length * 3) / 4);
      if (bytes === 0) return `Image ${i + 1} is empty.`;
      if (bytes > MAX_BYTES) return `Image ${i + 1} is larger than 25MB.`;
      continue;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `Invalid image URL in image ${i + 1}: expected an http(s) URL or a base64 data URL.`;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      return `Invalid image URL in image ${i + 1}: only http(s) and data URLs are accepted.`;
    if (OTHER_IMAGE_EXT.test(parsed.pathname) && !KNOWN_EXT.test(parsed.pathname)) {
      return `Invalid image format in image ${i + 1}: supported formats are JPEG, PNG, GIF and ICO.`;
    }
  }
  return undefined;
}
