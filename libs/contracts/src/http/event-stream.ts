/** One Server-Sent Event: `type` is its `event:` field (`message` when absent), `data` its JSON when it parses. */
export interface StreamMessage {
  type: string;
  data: unknown;
  /** The `id:` field, when the event carried one. */
  id?: string;
}

/**
 * Parses a `text/event-stream` body fed in arbitrary chunks, as the WHATWG rules read it: lines
 * end in CRLF, LF or CR; a blank line dispatches; `:` starts a comment; `data:` lines join with
 * newlines. Browsers' EventSource cannot send an Authorization header, so streams are read with
 * fetch and parsed here.
 */
export class EventStreamParser {
  private buffer = '';
  private type = '';
  private data: string[] = [];
  private id: string | undefined;
  /** A chunk ended in CR: an LF starting the next chunk belongs to that line break. */
  private pendingCr = false;

  /** Feeds a chunk; answers the events it completed. */
  push(chunk: string): StreamMessage[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const messages: StreamMessage[] = [];
    const lineBreak = /\r\n|\r|\n/g;
    let start = 0;
    for (let match = lineBreak.exec(this.buffer); match; match = lineBreak.exec(this.buffer)) {
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) this.pendingCr = true;
      const message = this.line(this.buffer.slice(start, match.index));
      if (message) messages.push(message);
      start = match.index + match[0].length;
    }
    this.buffer = this.buffer.slice(start);
    return messages;
  }

  private line(line: string): StreamMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\u0000')) this.id = value;
    return undefined;
  }

  private dispatch(): StreamMessage | undefined {
    const { type, data, id } = this;
    this.type = '';
    this.data = [];
    this.id = undefined;
    if (data.length === 0) return undefined;
    const message: StreamMessage = { type: type || 'message', data: parseData(data.join('\n')) };
    if (id !== undefined) message.id = id;
    return message;
  }
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
