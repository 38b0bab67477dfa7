import { describe, expect, it } from 'vitest';
import { csvChunks, csvRow } from './csv';

describe('CSV', () => {
  it('quotes what needs quoting, CRLF line ends, and defuses formulas', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'x\ny', 12, null, '=SUM(A1)'])).toBe('a,"b,c","say ""hi""","x\ny",12,,\'=SUM(A1)\r\n');
  });

  it('concatenates its chunks into the whole file, the header first', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [`T-${i}`, i * 100]);
    const chunks = [...csvChunks(['terminal', 'amount'], rows, 64)];
    expect(chunks.length).toBeGreaterThan(10);
    const file = Buffer.concat(chunks).toString('utf8');
    expect(file.startsWith('terminal,amount\r\nT-0,0\r\n')).toBe(true);
    expect(file.split('\r\n')).toHaveLength(102);
  });
});
