import { z } from 'zod';
import { requiredText, uuid } from '../primitives';

/**
 * The dead-letter queue: channel messages whose handler failed on every delivery. The terminals
 * service hosts the actions; errors travel with `type` = DeadLettersErrorCode.
 */
export const DeadLettersActions = {
  /** `{status?, channel?, limit}` → `{deadLetters}`, newest first. */
  list: 'terminals.listDeadLetters',
  /** `{id}` → the letter, now `replayed`: its payload and headers were sent to its channel once more. */
  replay: 'terminals.replayDeadLetter',
  /** `{id, reason}` → the letter, now `discarded` with the reason. */
  discard: 'terminals.discardDeadLetter',
} as const;

export enum DeadLettersErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  /** Only a `dead` letter can be replayed or discarded. */
  InvalidState = 'invalid_state',
}

export const deadLetterStatus = z.enum(['dead', 'replayed', 'discarded']);
export type DeadLetterStatus = z.infer<typeof deadLetterStatus>;

/** A channel name as senders use it (the broker namespace is not part of it). */
export const channelName = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _, . and -');

export const deadLetter = z.object({
  id: uuid,
  channel: z.string(),
  payload: z.unknown(),
  /** The message's channel headers (trace context, caller meta), sent again by a replay. */
  headers: z.record(z.string(), z.string()),
  /** The last delivery's failure: its code (when it had one) and message. */
  reason: z.string(),
  attempts: z.number().int().min(1),
  firstFailedAt: z.string(),
  deadAt: z.string(),
  status: deadLetterStatus,
  resolvedAt: z.string().nullable(),
  resolutionReason: z.string().nullable(),
});
export type DeadLetter = z.infer<typeof deadLetter>;

export const listDeadLettersParams = z.object({
  status: deadLetterStatus.optional(),
  channel: channelName.optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type ListDeadLettersParams = z.output<typeof listDeadLettersParams>;
export const listDeadLettersResult = z.object({ deadLetters: z.array(deadLetter) });

export const replayDeadLetterParams = z.object({ id: uuid });
export const discardDeadLetterParams = z.object({ id: uuid, reason: requiredText(200) });
