import { describe, expect, it } from 'vitest';
import { SseDecoder, parseSse, type SseEvent } from '../../../src/providers/transport/sse.js';

function decodeInPieces(text: string, size: number): SseEvent[] {
  const decoder = new SseDecoder();
  const bytes = new TextEncoder().encode(text);
  const events: SseEvent[] = [];
  for (let i = 0; i < bytes.length; i += size) events.push(...decoder.push(bytes.slice(i, i + size)));
  events.push(...decoder.end());
  return events;
}

const stream = [
  ': keep-alive comment\r\n\r\n',
  'data: {"a":1}\r\n\r\n',
  'event: delta\ndata: line one\ndata: line two\nid: 7\n\n',
  'data:no-space\r\r',
  'data: héllo wörld ✓\n\n',
  'data: [DONE]\n\n',
].join('');

const expected: SseEvent[] = [
  { data: '{"a":1}' },
  { event: 'delta', data: 'line one\nline two', id: '7' },
  { data: 'no-space', id: '7' },
  { data: 'héllo wörld ✓', id: '7' },
  { data: '[DONE]', id: '7' },
];

describe('SSE decoder', () => {
  it('gives the same events whatever the chunk boundaries, including mid-CRLF and mid-UTF-8', () => {
    for (const size of [1, 2, 3, 5, 7, 64, 10_000]) expect(decodeInPieces(stream, size)).toEqual(expected);
  });

  it('flushes a last event that has no trailing blank line', async () => {
    async function* chunks() {
      yield 'data: first\n\n';
      yield 'data: last';
    }
    const events: SseEvent[] = [];
    for await (const event of parseSse(chunks())) events.push(event);
    expect(events.map((e) => e.data)).toEqual(['first', 'last']);
  });

  it('ignores comment-only and empty blocks', () => {
    expect(decodeInPieces(':a\n\n:b\n\n\n\ndata: x\n\n', 1)).toEqual([{ data: 'x' }]);
  });
});
