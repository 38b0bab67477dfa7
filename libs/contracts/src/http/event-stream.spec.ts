import { describe, expect, it } from 'vitest';
import { EventStreamParser } from './event-stream';

describe('EventStreamParser', () => {
  it('reads the frames the API sends, with JSON data, ids and types', () => {
    const parser = new EventStreamParser();
    const events = parser.push('id: 7\nevent: connected\ndata: {"id":"7","type":"connected"}\n\n: keep-alive\n\n');
    expect(events).toEqual([{ id: '7', type: 'connected', data: { id: '7', type: 'connected' } }]);
  });

  it('joins frames split across chunks at any character, CRLF included', () => {
    const text = 'id: 1\r\nevent: ack\r\ndata: {"n":1}\r\n\r\nid: 2\revent: printed\rdata: {"n":2}\r\r';
    const whole = new EventStreamParser().push(text);
    for (let size = 1; size <= 5; size += 1) {
      const parser = new EventStreamParser();
      const events = [];
      for (let at = 0; at < text.length; at += size) events.push(...parser.push(text.slice(at, at + size)));
      expect(events).toEqual(whole);
    }
    expect(whole).toEqual([
      { id: '1', type: 'ack', data: { n: 1 } },
      { id: '2', type: 'printed', data: { n: 2 } },
    ]);
  });

  it('joins data lines with newlines, keeps non-JSON data as text and defaults the type to message', () => {
    const events = new EventStreamParser().push('data: first\ndata:second\n\n');
    expect(events).toEqual([{ type: 'message', data: 'first\nsecond' }]);
  });

  it('dispatches nothing for comments, empty frames or a frame that never ends', () => {
    const parser = new EventStreamParser();
    expect(parser.push(': only a comment\n\nevent: lonely\n\ndata: {"half":')).toEqual([]);
    expect(parser.push('true}\n\n')).toEqual([{ type: 'message', data: { half: true } }]);
  });
});
