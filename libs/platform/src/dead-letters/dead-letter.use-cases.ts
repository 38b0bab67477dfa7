import { deadLetters } from '@tillwire/contracts';
import type { SqlExecutor } from '../db/sql-executor';
import type { ChannelSender } from '../outbox/outbox-relay';
import type { DeadLetterFailure, DeadLetterResult } from './dead-letter.errors';
import { DeadLetterRepository, type DeadLetterFilter, type DeadLetterRecord } from './dead-letter.repository';

const Code = deadLetters.DeadLettersErrorCode;

/** Header a replayed message carries: the dead letter it came from, so a repeated failure can be traced back. */
export const REPLAY_OF_HEADER = 'x-tillwire-replay-of';

export interface DeadLetterAdmin {
  readonly db: SqlExecutor;
  readonly channels: ChannelSender;
  readonly repository?: DeadLetterRepository;
}

const defaultRepository = new DeadLetterRepository();

export function listDeadLetters(admin: Pick<DeadLetterAdmin, 'db' | 'repository'>, filter: DeadLetterFilter): Promise<DeadLetterRecord[]> {
  return (admin.repository ?? defaultRepository).list(admin.db, filter);
}

/**
 * Sends a dead letter's payload and headers to its channel once more and marks it `replayed`. The
 * mark is a conditional update in the transaction that sends, so of concurrent replays one sends,
 * and a send that fails leaves the letter dead.
 */
export function replayDeadLetter(admin: DeadLetterAdmin, id: string): Promise<DeadLetterResult<DeadLetterRecord>> {
  const repository = admin.repository ?? defaultRepository;
  return admin.db.transaction(async (tx) => {
    const letter = await repository.resolve(tx, id, 'replayed', null);
    if (!letter) return { ok: false, failure: await whyNotDead(repository, tx, id) };
    await admin.channels.sendToChannel(letter.channel, letter.payload, { headers: { ...letter.headers, [REPLAY_OF_HEADER]: id } });
    return { ok: true, value: letter };
  });
}

/** Marks a dead letter `discarded`, keeping the admin's reason; the row stays as the trace. */
export async function discardDeadLetter(
  admin: Pick<DeadLetterAdmin, 'db' | 'repository'>,
  id: string,
  reason: string,
): Promise<DeadLetterResult<DeadLetterRecord>> {
  const repository = admin.repository ?? defaultRepository;
  const letter = await repository.resolve(admin.db, id, 'discarded', reason);
  return letter ? { ok: true, value: letter } : { ok: false, failure: await whyNotDead(repository, admin.db, id) };
}

async function whyNotDead(repository: DeadLetterRepository, sql: SqlExecutor, id: string): Promise<DeadLetterFailure> {
  const letter = await repository.find(sql, id);
  return letter ? { code: Code.InvalidState, id, status: letter.status } : { code: Code.NotFound, id };
}
