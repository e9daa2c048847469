import { describe, expect, it } from 'vitest';
import { createProvider } from '../../../src/providers/registry.js';
import type { CallContext } from '../../../src/providers/types.js';
import { useEmulators } from '../../support/emulators.js';

const emu = useEmulators({ reset: ['llama'] });

const context: CallContext = { vars: {}, prompt: { raw: '', label: 'p' }, repeatIndex: 0 };
const MAVERICK = 'llamaapi:Llama-4-Maverick-17B-128E-Instruct-FP8';

const bytes = {
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  gif: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
  ico: Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0]),
  webp: Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'),
};
const dataUrl = (mime: string, data: Buffer) => `data:${mime};base64,${data.toString('base64')}`;

/** A chat prompt as promptfoo writes it: JSON list of messages with image_url parts. */
function imagePrompt(...urls: string[]): string {
  const content = [
    { type: 'text', text: 'What do you see in this image?' },
    ...urls.map((url) => ({ type: 'image_url', image_url: { url } })),
  ];
  return JSON.stringify([{ role: 'user', content }]);
}

async function callWith(id: string, prompt: string) {
  const provider = await createProvider({ id, config: {}, env: emu.env(), basePath: '.' });
  return provider.call(prompt, context);
}

describe('llamaapi images', () => {
  it('sends JPEG, PNG, GIF and ICO data URLs and image URLs to a Llama 4 model', async () => {
    const prompt = imagePrompt(
      dataUrl('image/jpeg', bytes.jpeg),
      dataUrl('image/png', bytes.png),
      dataUrl('image/gif', bytes.gif),
      dataUrl('image/x-icon', bytes.ico),
      'https://example.com/image.jpg',
      'https://example.com/render?id=42',
    );
    const result = await callWith(MAVERICK, prompt);
    expect(result.error).toBeUndefined();
    expect(emu.llama.requests).toHaveLength(1);
  });

  it.each([
    [
      'a WebP data URL',
      imagePrompt(dataUrl('image/webp', bytes.webp)),
      /Invalid image 1 of 1: invalid image format "image\/webp".*JPEG, PNG, GIF or ICO/,
    ],
    [
      'PNG declared, JPEG bytes',
      imagePrompt(dataUrl('image/png', bytes.jpeg)),
      /says image\/png but the data is a JPEG image/,
    ],
    [
      'bytes that are no image',
      imagePrompt(dataUrl('image/jpeg', Buffer.from('hello world, not an image'))),
      /not a JPEG, PNG, GIF or ICO image/,
    ],
    [
      'a .bmp URL',
      imagePrompt('https://example.com/a.jpg', 'https://example.com/photo.bmp'),
      /Invalid image 2 of 2: invalid image format "\.bmp"/,
    ],
    ['a non-base64 data URL', imagePrompt('data:image/png,rawbytes'), /must be base64-encoded/],
    ['a file: URL', imagePrompt('file:///tmp/cat.png'), /file: URLs are not accepted/],
    [
      'ten images',
      imagePrompt(...Array.from({ length: 10 }, (_, i) => `https://example.com/${i}.png`)),
      /Too many images: 10 in one request; the Llama API accepts at most 9/,
    ],
  ])('rejects %s before sending', async (_name, prompt, message) => {
    const result = await callWith(MAVERICK, prompt);
    expect(result.output).toBeUndefined();
    expect(result.error).toMatch(message);
    expect(result.error).toMatch(/No request was sent/);
    expect(emu.llama.requests).toHaveLength(0);
  });

  it('rejects an image over 25 MB (decoded size) and accepts nine images', async () => {
    const big = Buffer.alloc(25 * 1024 * 1024 + 10);
    bytes.png.copy(big);
    const tooBig = await callWith(MAVERICK, imagePrompt(dataUrl('image/png', big)));
    expect(tooBig.error).toMatch(/image is 25\.0 MB; the Llama API accepts at most 25 MB per image/);
    const nine = await callWith(
      MAVERICK,
      imagePrompt(...Array.from({ length: 9 }, (_, i) => `https://example.com/${i}.gif`)),
    );
    expect(nine.error).toBeUndefined();
    expect(emu.llama.requests).toHaveLength(1);
  });

  it.each([
    'Llama-3.3-70B-Instruct',
    'Cerebras-Llama-4-Scout-17B-16E-Instruct',
    'Groq-Llama-4-Maverick-17B-128E-Instruct',
  ])('text-only %s given an image: clear error, nothing sent', async (model) => {
    const result = await callWith(`llamaapi:${model}`, imagePrompt('https://example.com/image.jpg'));
    expect(result.error).toMatch(new RegExp(`Model ${model} is text-only and cannot take images`));
    expect(result.error).toMatch(/Llama-4-Maverick-17B-128E-Instruct-FP8/);
    expect(emu.llama.requests).toHaveLength(0);
  });
});
