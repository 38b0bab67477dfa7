/** A unique constraint refused an insert or update; `constraint` names the index when the driver says so. */
export class UniqueViolation extends Error {
  constructor(readonly constraint: string | undefined) {
    super(`Unique constraint violated${constraint ? `: ${constraint}` : ''}`);
    this.name = 'UniqueViolation';
  }
}

/** PostgreSQL's SQLSTATE for unique_violation. */
const UNIQUE_VIOLATION = '23505';

/** pg and PGlite both raise the server's error fields as they are: `code` is the SQLSTATE, `constraint` the index. */
export function asUniqueViolation(error: unknown): UniqueViolation | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code !== UNIQUE_VIOLATION) return undefined;
  return new UniqueViolation(typeof constraint === 'string' ? constraint : undefined);
}
