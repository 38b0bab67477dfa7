import { z } from 'zod';

/** Money in integer minor units (cents); never a float. */
export const minorUnits = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
export const nonNegativeMinor = minorUnits.min(0);
export const quantity = z.number().int().min(1).max(10_000);
/**
 * Free text from a client: trimmed, bounded, and without NUL characters, which PostgreSQL cannot
 * store (a NUL would otherwise turn bad input into a server error).
 */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
/** Like `text`, but never empty. */
export const requiredText = (max: number) => text(max).min(1);

export const sku = requiredText(64);
export const code = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Z0-9_-]+$/, 'upper-case letters, digits, _ and -');
export const uuid = z.uuid();
export const isoDateTime = z.iso.datetime({ offset: true });
/** Tax rate in basis points: 2000 = 20 %. */
export const taxRateBp = z.number().int().min(0).max(10_000);

export const stockLine = z.object({ sku, quantity });
export type StockLine = z.infer<typeof stockLine>;
