// The WebSocket emulator's endpoints: how each path answers a message. Replies echo the prompt
// ("You said: <prompt>") so tests can check exact outputs. Handshake gates live in websocket.ts.

import type WebSocket from 'ws';

export interface RouteContext {
  /** The request's query parameters (e.g. `code` and `reason` for /close). */
  query: URLSearchParams;
  /** Pause between streamed frames, in ms (0 = next turn of the event loop). */
  chunkDelayMs: number;
}

type Route = (ws: WebSocket, message: string, ctx: RouteContext) => Promise<void> | void;

/** The prompt a message carries: the `prompt` field of a JSON message, else the whole text. */
export function promptOf(message: string): string {
  try {
    const parsed = JSON.parse(message) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { prompt?: unknown }).prompt === 'string') {
      return (parsed as { prompt: string }).prompt;
    }
  } catch {
    // Not JSON: the message is the prompt.
  }
  return message;
}

export function replyTo(message: string): string {
  return `You said: ${promptOf(message)}`;
}

/** Splits a reply into a few pieces that concatenate back to it exactly. */
export function piecesOf(text: string): string[] {
  const words = text.split(/(?<= )/);
  const size = Math.max(1, Math.ceil(words.length / 3));
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += size) pieces.push(words.slice(i, i + size).join(''));
  return pieces;
}

export const routes: Record<string, Route> = {
  '/json': (ws, message) => ws.send(JSON.stringify({ output: replyTo(message) })),
  '/choices': (ws, message) =>
    ws.send(JSON.stringify({ choices: [{ message: { role: 'assistant', content: replyTo(message) } }] })),
  '/translation': (ws, message) => {
    const parsed = safeJson(message);
    const language = typeof parsed.language === 'string' ? parsed.language : 'unknown';
    ws.send(JSON.stringify({ translation: `[${language}] ${replyTo(message)}`, model: parsed.model ?? null }));
  },
  '/text': (ws, message) => ws.send(replyTo(message)),
  // The library example's `transformResponse: (data) => data.foobar`.
  '/foobar': (ws, message) => ws.send(JSON.stringify({ foobar: replyTo(message) })),
  // {"type":"chunk","text":…} frames, then {"type":"done"} (seed: concatenate chunks).
  '/chunks': async (ws, message, ctx) => {
    const frames = piecesOf(replyTo(message)).map((text) => ({ type: 'chunk', text }));
    await sendAll(ws, [...frames, { type: 'done' }], ctx);
  },
  // Draft deltas that differ from the answer; only the last frame, complete:true, holds it.
  '/final': async (ws, message, ctx) => {
    const answer = replyTo(message);
    const drafts = piecesOf(`Draft: ${answer}`).map((content) => ({
      role: 'assistant',
      event: 'delta',
      content,
      complete: false,
    }));
    await sendAll(ws, [...drafts, { role: 'assistant', event: 'final', content: answer, complete: true }], ctx);
  },
  // Deltas that concatenate to the answer, then a final frame with complete:true.
  '/deltas': async (ws, message, ctx) => {
    const answer = replyTo(message);
    const deltas = piecesOf(answer).map((content) => ({ role: 'assistant', event: 'delta', content, complete: false }));
    await sendAll(ws, [...deltas, { role: 'assistant', event: 'final', content: answer, complete: true }], ctx);
  },
  // One chunk, then silence with the connection left open.
  '/stall': (ws, message) => ws.send(JSON.stringify({ type: 'chunk', text: piecesOf(replyTo(message))[0] })),
  // Accepts the message and never answers.
  '/silent': () => undefined,
  // Closes without a reply; ?code=&reason= choose the close frame.
  '/close': (ws, _message, ctx) => {
    const code = Number(ctx.query.get('code') ?? 1011);
    ws.close(Number.isInteger(code) ? code : 1011, ctx.query.get('reason') ?? 'emulated server failure');
  },
};

/** Paths that reply like /json once their handshake gate lets them through. */
export const gatedJsonRoutes = new Set(['/auth', '/rate-limited']);

async function sendAll(ws: WebSocket, frames: unknown[], ctx: RouteContext): Promise<void> {
  for (const frame of frames) {
    await pause(ctx.chunkDelayMs);
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(frame));
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

function safeJson(message: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(message) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
