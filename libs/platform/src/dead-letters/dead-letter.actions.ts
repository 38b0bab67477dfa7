import { deadLetters } from '@tillwire/contracts';
import type { Context } from 'moleculer';
import { validatedAction } from '../broker/validated-action';
import type { SqlExecutor } from '../db/sql-executor';
import type { ChannelSender } from '../outbox/outbox-relay';
import { unwrap } from './dead-letter.errors';
import { observeDeadLetterDepth } from './dead-letter.metrics';
import type { DeadLetterRecord } from './dead-letter.repository';
import { discardDeadLetter, listDeadLetters, replayDeadLetter } from './dead-letter.use-cases';

const c = deadLetters;

export interface DeadLetterActionsDeps {
  readonly db: SqlExecutor;
  /** What replays send with; the broker of the node running the action when absent. */
  readonly broker?: ChannelSender;
}

/**
 * The admin actions of the dead-letter queue, for the hosting service (terminals) to spread into its
 * `actions`: their names there are those of `deadLetters.DeadLettersActions`. The process serving them
 * also reports the queue's depth as a metric.
 */
export function deadLetterActions({ db, broker }: DeadLetterActionsDeps) {
  observeDeadLetterDepth(db);
  // The channels middleware gives every broker sendToChannel; moleculer's types do not know it.
  const channelsOf = (ctx: Context): ChannelSender => broker ?? (ctx.broker as unknown as ChannelSender);
  return {
    listDeadLetters: validatedAction({
      params: c.listDeadLettersParams,
      handler: async (p): Promise<{ deadLetters: deadLetters.DeadLetter[] }> => ({
        deadLetters: (await listDeadLetters({ db }, p)).map(deadLetterView),
      }),
    }),
    replayDeadLetter: validatedAction({
      params: c.replayDeadLetterParams,
      handler: async (p, ctx) => deadLetterView(unwrap(await replayDeadLetter({ db, channels: channelsOf(ctx) }, p.id))),
    }),
    discardDeadLetter: validatedAction({
      params: c.discardDeadLetterParams,
      handler: async (p) => deadLetterView(unwrap(await discardDeadLetter({ db }, p.id, p.reason))),
    }),
  };
}

export function deadLetterView(letter: DeadLetterRecord): deadLetters.DeadLetter {
  return {
    ...letter,
    firstFailedAt: letter.firstFailedAt.toISOString(),
    deadAt: letter.deadAt.toISOString(),
    resolvedAt: letter.resolvedAt?.toISOString() ?? null,
  };
}
