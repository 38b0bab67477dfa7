import type { Db } from '../db/database';

export interface IdempotencyRow {
  requestHash: string;
  status: 'in_progress' | 'completed';
  responseStatus: number | null;
  responseBody: string | null;
  lockedUntil: Date | null;
}

/** Idempotency keys in the `platform` schema; every statement is a single conditional write. */
export class IdempotencyRepository {
  async tryInsert(db: Db, scope: string, key: string, requestHash: string, lockedUntil: Date, expiresAt: Date): Promise<boolean> {
    const { count } = await db.idempotencyKey.createMany({
      data: [{ scope, key, requestHash, lockedUntil, expiresAt }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  async find(db: Db, scope: string, key: string): Promise<IdempotencyRow | undefined> {
    const row = await db.idempotencyKey.findUnique({
      where: { scope_key: { scope, key } },
      select: { requestHash: true, status: true, responseStatus: true, responseBody: true, lockedUntil: true },
    });
    return row ?? undefined;
  }

  /** Takes over an in-progress key whose lock ran out (the request's node died). */
  async takeOver(db: Db, scope: string, key: string, now: Date, lockedUntil: Date): Promise<boolean> {
    const { count } = await db.idempotencyKey.updateMany({
      where: { scope, key, status: 'in_progress', lockedUntil: { lt: now } },
      data: { lockedUntil },
    });
    return count === 1;
  }

  async complete(db: Db, scope: string, key: string, responseStatus: number, responseBody: string): Promise<void> {
    await db.idempotencyKey.update({
      where: { scope_key: { scope, key } },
      data: { status: 'completed', responseStatus, responseBody, lockedUntil: null },
    });
  }

  async remove(db: Db, scope: string, key: string): Promise<void> {
    await db.idempotencyKey.deleteMany({ where: { scope, key, status: 'in_progress' } });
  }

  async purgeExpired(db: Db, now: Date): Promise<number> {
    return (await db.idempotencyKey.deleteMany({ where: { expiresAt: { lt: now } } })).count;
  }
}
