import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditHash, canonicalAuditEntry, canonicalJson, GENESIS_HASH, type AuditFields, type JsonValue } from './audit-canonical';

const entry: AuditFields = {
  id: 7n,
  at: new Date('2026-11-22T10:11:12.345Z'),
  actorId: 'u-1',
  actorRole: 'supervisor',
  action: 'transaction.override',
  entityType: 'transaction',
  entityId: 'tx-1',
  terminalId: 'T-01',
  ip: '10.0.0.7',
  before: { status: 'reserved', lines: [{ sku: 'A', quantity: 1 }] },
  after: { status: 'completed', lines: [{ quantity: 1, sku: 'A' }] },
};

/** jsonb's own order: shorter keys first, then bytewise; what a value reads back as. */
function reorderLikeJsonb(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(reorderLikeJsonb);
  const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, reorderLikeJsonb(value[key]!)]));
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}');
  });

  it('writes strings and numbers as JSON does', () => {
    expect(canonicalJson({ s: 'quote " \\ \n é 😀', n: 1e21, f: 0.1, neg: -5 })).toBe(
      '{"f":0.1,"n":1e+21,"neg":-5,"s":"quote \\" \\\\ \\n é 😀"}',
    );
  });

  it('gives the same text for any key order (as jsonb returns it) and after a JSON round trip', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
      ),
    })).value as fc.Arbitrary<JsonValue>;
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reorderLikeJsonb(value))).toBe(text);
        expect(canonicalJson(JSON.parse(JSON.stringify(value)) as JsonValue)).toBe(text);
      }),
    );
  });
});

describe('canonicalAuditEntry and auditHash', () => {
  it('are the id, the time in UTC milliseconds and the sorted fields, hashed after prev_hash', () => {
    const canonical = canonicalAuditEntry(entry);
    expect(canonical).toBe(
      '7\n2026-11-22T10:11:12.345Z\n' +
        '{"action":"transaction.override","actorId":"u-1","actorRole":"supervisor",' +
        '"after":{"lines":[{"quantity":1,"sku":"A"}],"status":"completed"},' +
        '"before":{"lines":[{"quantity":1,"sku":"A"}],"status":"reserved"},' +
        '"entityId":"tx-1","entityType":"transaction","ip":"10.0.0.7","terminalId":"T-01"}',
    );
    expect(auditHash(GENESIS_HASH, entry)).toBe(createHash('sha256').update(GENESIS_HASH + canonical).digest('hex'));
  });

  it('changes with any field, the id, the time and the previous hash', () => {
    const base = auditHash(GENESIS_HASH, entry);
    const variants: AuditFields[] = [
      { ...entry, id: 8n },
      { ...entry, at: new Date(entry.at.getTime() + 1) },
      { ...entry, actorId: null },
      { ...entry, actorRole: 'admin' },
      { ...entry, entityId: 'tx-2' },
      { ...entry, terminalId: null },
      { ...entry, ip: '10.0.0.8' },
      { ...entry, before: null },
      { ...entry, after: { status: 'completed', lines: [{ quantity: 2, sku: 'A' }] } },
    ];
    for (const variant of variants) expect(auditHash(GENESIS_HASH, variant)).not.toBe(base);
    expect(auditHash('f'.repeat(64), entry)).not.toBe(base);
  });
});
