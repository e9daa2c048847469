// Server-sent events decoder: bytes in any chunking → events. Follows the WHATWG rules that
// matter for model APIs: `data:` lines joined by newlines, `event:`/`id:` fields, `:` comments,
// CR / LF / CRLF line ends (even split across chunks), and a last event without a blank line.

export interface SseEvent {
  /** The `event:` name, when the server gave one. */
  event?: string;
  /** All `data:` lines of the event joined with `\n`. */
  data: string;
  id?: string;
}

export class SseDecoder {
  private readonly text = new TextDecoder('utf-8');
  private buffer = '';
  private dataLines: string[] = [];
  private eventName: string | undefined;
  private lastId: string | undefined;
  private sawField = false;

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.text.decode(chunk, { stream: true });
    return this.drain(false);
  }

  /** Ends the stream; returns a final event that had no trailing blank line, if any. */
  end(): SseEvent[] {
    this.buffer += this.text.decode();
    const events = this.drain(true);
    if (this.buffer) {
      this.line(this.buffer, events);
      this.buffer = '';
    }
    const last = this.dispatch();
    if (last) events.push(last);
    return events;
  }

  private drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (ch === '\r' && i === this.buffer.length - 1 && !final) break;
      this.line(this.buffer.slice(start, i), events);
      if (ch === '\r' && this.buffer[i + 1] === '\n') i++;
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      const event = this.dispatch();
      if (event) events.push(event);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    this.sawField = true;
    if (field === 'data') this.dataLines.push(value);
    else if (field === 'event') this.eventName = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
  }

  private dispatch(): SseEvent | undefined {
    const hasData = this.dataLines.length > 0;
    const event: SseEvent | undefined = hasData
      ? {
          data: this.dataLines.join('\n'),
          ...(this.eventName ? { event: this.eventName } : {}),
          ...(this.lastId !== undefined ? { id: this.lastId } : {}),
        }
      : undefined;
    this.dataLines = [];
    this.eventName = undefined;
    this.sawField = false;
    return event;
  }

  /** True while an event has started but not yet ended (useful to tell a cut-off stream). */
  get midEvent(): boolean {
    return this.sawField || this.buffer.length > 0;
  }
}

/** Decodes an async stream of byte chunks into SSE events. */
export async function* parseSse(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const decoder = new SseDecoder();
  for await (const chunk of chunks) yield* decoder.push(chunk);
  yield* decoder.end();
}
