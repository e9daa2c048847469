import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebSocketEmulator, type WebSocketEmulator } from '../../src/emulator/websocket.js';

let emulator: WebSocketEmulator;
beforeAll(async () => {
  emulator = await startWebSocketEmulator();
});
afterAll(async () => {
  await emulator.close();
});

/** Sends one message and collects frames until the server closes or `count` frames arrived. */
function exchange(path: string, message: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${emulator.url}${path}`);
    const frames: string[] = [];
    ws.on('open', () => ws.send(message));
    ws.on('message', (data) => {
      frames.push(data.toString());
      if (frames.length === count) ws.close();
    });
    ws.on('close', () => resolve(frames));
    ws.on('error', reject);
  });
}

describe('WebSocket emulator', () => {
  it('streams chunks that concatenate to the reply, then a done frame', async () => {
    const frames = (await exchange('/chunks', '{"prompt":"a b c d"}', 4)).map(
      (f) => JSON.parse(f) as { type: string; text?: string },
    );
    expect(frames.at(-1)).toEqual({ type: 'done' });
    expect(
      frames
        .slice(0, -1)
        .map((f) => f.text)
        .join(''),
    ).toBe('You said: a b c d');
  });

  it('marks only the final frame complete on /final, with drafts that differ from it', async () => {
    const frames = (await exchange('/final', 'plain prompt', 4)).map(
      (f) => JSON.parse(f) as { complete: boolean; content: string },
    );
    expect(frames.filter((f) => f.complete)).toEqual([
      { role: 'assistant', event: 'final', content: 'You said: plain prompt', complete: true },
    ]);
    expect(frames[0]!.content.startsWith('Draft:')).toBe(true);
  });

  it('records path, headers and messages, and counts open connections', async () => {
    await exchange('/json', 'hello', 1);
    const record = emulator.received.at(-1)!;
    expect(record).toMatchObject({ path: '/json', status: 101, messages: ['hello'] });
    expect(record.headers.upgrade).toBe('websocket');
    const until = Date.now() + 2000;
    while (emulator.connections > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(emulator.connections).toBe(0);
  });
});
