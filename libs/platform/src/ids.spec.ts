import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { derivedUuid, serviceId } from './ids';

describe('derivedUuid', () => {
  it('is a valid UUID, stable per name and distinct across names', () => {
    const id = derivedUuid('T1/key-1');
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(derivedUuid('T1/key-1')).toBe(id);
    expect(derivedUuid('T1/key-2')).not.toBe(id);
  });
});

describe('serviceId', () => {
  it('is 10 letters and digits, random unless derived, and stable per name when derived', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => serviceId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(serviceId('refund:1')).toBe(serviceId('refund:1'));
    expect(serviceId('refund:1')).not.toBe(serviceId('refund:2'));
    expect(serviceId('refund:1')).toMatch(/^[A-Za-z0-9]{10}$/);
  });
});
