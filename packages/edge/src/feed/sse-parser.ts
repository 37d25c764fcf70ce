// A server-sent events parser (WHATWG HTML §9.2.6 "Interpreting an event stream"), for the feed's
// embedded transport: Node 20 has no EventSource. Text goes in as it arrives (already decoded from
// UTF-8, split anywhere); complete events and comments come out. Pure: no I/O, no timers.

export interface SseEvent {
  /** The last event ID seen so far in the stream (`id:` persists across events, as the spec says). */
  readonly id: string | undefined;
  /** `event:` field, 'message' when absent. */
  readonly event: string;
  readonly data: string;
}

export interface SseHandlers {
  event(e: SseEvent): void;
  /** A `:` comment line, e.g. the control plane's `: keepalive`. */
  comment?(text: string): void;
}

export class SseParser {
  #pending = '';
  #started = false;
  /** The previous chunk ended in CR: a LF at the start of this one belongs to the same line end. */
  #afterCr = false;
  #data: string[] = [];
  #event = '';
  #lastId: string | undefined;

  constructor(private readonly handlers: SseHandlers) {}

  get lastEventId(): string | undefined {
    return this.#lastId;
  }

  push(chunk: string): void {
    let text = chunk;
    if (text === '') return;
    if (!this.#started) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#afterCr && text.startsWith('\n')) text = text.slice(1);
    this.#afterCr = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.#line(this.#pending + text.slice(start, i));
      this.#pending = '';
      if (c === 13) {
        if (i + 1 === text.length) this.#afterCr = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.#pending += text.slice(start);
  }

  #line(line: string): void {
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.startsWith(':')) {
      this.handlers.comment?.(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        return;
      case 'data':
        this.#data.push(value);
        return;
      case 'id':
        if (!value.includes('\0')) this.#lastId = value;
        return;
      default:
        // `retry:` and unknown fields: the reconnection delay is ours to choose (feed/backoff.ts).
        return;
    }
  }

  #dispatch(): void {
    const data = this.#data;
    const event = this.#event;
    this.#data = [];
    this.#event = '';
    if (data.length === 0) return;
    this.handlers.event({ id: this.#lastId, event: event === '' ? 'message' : event, data: data.join('\n') });
  }
}
