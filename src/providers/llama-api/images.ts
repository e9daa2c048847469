// Checks images in a chat request against the Llama API's documented limits before anything is
// sent: JPEG, PNG, GIF or ICO; at most 25 MB each; at most 9 per request; none for text-only models.

import type { ChatMessage } from '../openai-compatible/index.js';

export const MAX_IMAGES_PER_REQUEST = 9;
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;

type Format = 'JPEG' | 'PNG' | 'GIF' | 'ICO';

const MIME_FORMATS: Record<string, Format> = {
  'image/jpeg': 'JPEG',
  'image/jpg': 'JPEG',
  'image/pjpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'image/x-icon': 'ICO',
  'image/vnd.microsoft.icon': 'ICO',
  'image/ico': 'ICO',
};

const EXTENSION_FORMATS: Record<string, Format> = {
  jpg: 'JPEG',
  jpeg: 'JPEG',
  jpe: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  ico: 'ICO',
};

const SUPPORTED = 'the Llama API accepts JPEG, PNG, GIF or ICO images';

/** Every image URL (http(s) or data URL) in the messages' content parts, in order. */
export function imageUrlsIn(messages: readonly ChatMessage[]): string[] {
  const urls: string[] = [];
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content) {
      if (part.type !== 'image_url') continue;
      const ref = (part as { image_url?: unknown }).image_url;
      const url =
        typeof ref === 'string' ? ref : ref && typeof ref === 'object' ? (ref as { url?: unknown }).url : undefined;
      urls.push(typeof url === 'string' ? url : '');
    }
  }
  return urls;
}

/** The first rule the request's images break, as a message naming it, or undefined. */
export function llamaImageProblem(model: string, urls: readonly string[], textOnly: boolean): string | undefined {
  if (urls.length === 0) return undefined;
  if (textOnly) {
    return `Model ${model} is text-only and cannot take images (${urls.length} given). Use a Llama 4 model such as Llama-4-Maverick-17B-128E-Instruct-FP8 or Llama-4-Scout-17B-16E-Instruct-FP8 for image input.`;
  }
  if (urls.length > MAX_IMAGES_PER_REQUEST) {
    return `Too many images: ${urls.length} in one request; the Llama API accepts at most ${MAX_IMAGES_PER_REQUEST} per request.`;
  }
  for (const [index, url] of urls.entries()) {
    const problem = url.startsWith('data:') ? dataUrlProblem(url) : remoteUrlProblem(url);
    if (problem) return `Invalid image ${index + 1} of ${urls.length}: ${problem}`;
  }
  return undefined;
}

function dataUrlProblem(url: string): string | undefined {
  const comma = url.indexOf(',');
  const header = comma === -1 ? url : url.slice(0, comma);
  const match = /^data:([^;,]*)((?:;[^;,]*)*)$/i.exec(header);
  const mime = (match?.[1] ?? '').toLowerCase();
  const declared = MIME_FORMATS[mime];
  if (!declared) return `invalid image format "${mime || 'none'}" in the data URL; ${SUPPORTED}.`;
  if (comma === -1 || !/;base64$/i.test(match?.[2] ?? ''))
    return 'a data URL image must be base64-encoded (data:<type>;base64,<data>).';
  const data = url.slice(comma + 1).replace(/\s+/g, '');
  if (data === '') return 'the data URL holds no image data.';
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(data)) return 'the data URL is not valid base64.';
  const bytes = decodedLength(data);
  if (bytes > MAX_IMAGE_BYTES) return `image is ${formatMb(bytes)} MB; the Llama API accepts at most 25 MB per image.`;
  const actual = formatFromMagic(Buffer.from(data.slice(0, 24), 'base64'));
  if (!actual)
    return `invalid image format: the data is not a JPEG, PNG, GIF or ICO image (declared ${mime}); ${SUPPORTED}.`;
  if (actual !== declared)
    return `invalid image format: the data URL says ${mime} but the data is a ${actual} image; fix the MIME type.`;
  return undefined;
}

function remoteUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url.slice(0, 80)}" is neither an http(s) URL nor a base64 data URL.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `${parsed.protocol} URLs are not accepted; use an http(s) URL or a base64 data URL.`;
  const last = decodeURIComponent(parsed.pathname.split('/').pop() ?? '');
  const dot = last.lastIndexOf('.');
  // Without an extension the format cannot be told from the URL; the API checks it.
  if (dot <= 0) return undefined;
  const extension = last.slice(dot + 1).toLowerCase();
  if (!EXTENSION_FORMATS[extension])
    return `invalid image format ".${extension}" (${parsed.host}${parsed.pathname}); ${SUPPORTED}.`;
  return undefined;
}

function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

function formatFromMagic(head: Buffer): Format | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'JPEG';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'PNG';
  const ascii = head.subarray(0, 6).toString('latin1');
  if (ascii === 'GIF87a' || ascii === 'GIF89a') return 'GIF';
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0) return 'ICO';
  return undefined;
}

function formatMb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
