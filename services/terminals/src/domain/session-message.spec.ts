import { describe, expect, it } from 'vitest';
import { parseSessionMessage } from './session-message';

describe('parseSessionMessage', () => {
  it('takes error, ack and printed with the rest of the object as payload', () => {
    expect(parseSessionMessage('{"type":"printed","receipt":"R1"}')).toEqual({ ok: true, type: 'printed', payload: { receipt: 'R1' } });
    expect(parseSessionMessage('{"type":"ack"}')).toEqual({ ok: true, type: 'ack', payload: {} });
    expect(parseSessionMessage('{"type":"error","code":"paper_out"}')).toMatchObject({ ok: true, type: 'error' });
  });

  it('rejects what is not JSON, not an object or of another type', () => {
    for (const text of ['garbage', '[1]', 'null', '"ack"', '{"type":"connected"}', '{"kind":"ack"}']) {
      expect(parseSessionMessage(text), text).toMatchObject({ ok: false, reason: expect.any(String) });
    }
  });
});
