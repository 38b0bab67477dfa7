/** A unique constraint refused an insert or update; `constraint` names the index when the driver says so. */
export class UniqueViolation extends Error {
  constructor(readonly constraint: string | undefined) {
    super(`Unique constraint violated${constraint ? `: ${constraint}` : ''}`);
    this.name = 'UniqueViolation';
  }
}

interface KnownRequestError {
  code?: unknown;
  meta?: {
    target?: unknown;
    driverAdapterError?: { cause?: { kind?: unknown; constraint?: { index?: unknown } } };
  };
}

/**
 * Prisma reports unique violations as P2002 from model queries and as P2010 (raw query failed) from
 * $queryRaw; with a driver adapter both carry the adapter's cause, which names the index.
 */
export function asUniqueViolation(error: unknown): UniqueViolation | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, meta } = error as KnownRequestError;
  const cause = meta?.driverAdapterError?.cause;
  if (code !== 'P2002' && cause?.kind !== 'UniqueConstraintViolation') return undefined;
  const index = cause?.constraint?.index ?? meta?.target;
  return new UniqueViolation(typeof index === 'string' ? index : Array.isArray(index) ? index.join(',') : undefined);
}
