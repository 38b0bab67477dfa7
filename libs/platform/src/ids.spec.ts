import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { derivedUuid } from './ids';

describe('derivedUuid', () => {
  it('is a valid UUID, stable per name and distinct across names', () => {
    const id = derivedUuid('T1/key-1');
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(derivedUuid('T1/key-1')).toBe(id);
    expect(derivedUuid('T1/key-2')).not.toBe(id);
  });
});
