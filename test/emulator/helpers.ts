// Shared helpers for emulator tests: JSON requests over loopback and SSE parsing.

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function post(
  url: string,
  body: unknown,
  key?: string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
  return toReply(res);
}

export async function get(url: string, key?: string): Promise<Reply> {
  return toReply(await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} }));
}

async function toReply(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** `data:` payloads of an SSE body, in order; checks every event is framed `data: ...\n\n`. */
export function sseData(text: string): string[] {
  const events = text.split('\n\n');
  if (events.at(-1) === '') events.pop();
  return events.map((e) => {
    if (!e.startsWith('data: ')) throw new Error(`bad SSE event: ${e}`);
    return e.slice('data: '.length);
  });
}

// Emulator replies are read field by field in tests (noExplicitAny is off for test/ in biome.json).
export type Json = any;
