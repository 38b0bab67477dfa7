import { deadLetters, uuid } from '@tillwire/contracts';
import { z } from 'zod';
import { defineRoute, limitQuery, type Route } from './route';

const L = deadLetters.DeadLettersActions;

const byDeadLetter = z.object({ id: uuid });
const listQuery = z.object({
  status: deadLetters.deadLetterStatus.optional(),
  channel: deadLetters.channelName.optional(),
  limit: limitQuery(deadLetters.listDeadLettersParams.shape.limit.unwrap()),
});

/** The dead-letter queue: channel messages whose every delivery failed, for an admin to replay or discard. */
export const DEAD_LETTER_ROUTES: readonly Route[] = [
  defineRoute({
    id: 'listDeadLetters',
    method: 'GET',
    path: '/admin/dlq',
    summary: 'Dead letters, newest first, with the last failure (reason) and the deliveries tried; filter by status and channel (limit 1-500, default 50)',
    tag: 'Admin',
    access: 'dead-letters.manage',
    query: listQuery,
    response: deadLetters.listDeadLettersResult,
    status: 200,
    call: ({ query }, ctx) => ctx.call(L.list, query),
  }),
  defineRoute({
    id: 'replayDeadLetter',
    method: 'POST',
    path: '/admin/dlq/:id/replay',
    params: byDeadLetter,
    summary: "Send a dead letter's payload and headers to its channel once more and mark it replayed (409 invalid_state unless it is dead)",
    tag: 'Admin',
    access: 'dead-letters.manage',
    audit: { action: 'dead_letter.replay', entity: ({ path }) => ({ type: 'dead_letter', id: path.id! }) },
    body: z.object({}).strict(),
    response: deadLetters.deadLetter,
    status: 200,
    call: ({ path }, ctx) => ctx.call(L.replay, { id: path.id }),
  }),
  defineRoute({
    id: 'discardDeadLetter',
    method: 'POST',
    path: '/admin/dlq/:id/discard',
    params: byDeadLetter,
    summary: 'Discard a dead letter with a reason (1-200 characters), kept with it (409 invalid_state unless it is dead)',
    tag: 'Admin',
    access: 'dead-letters.manage',
    audit: { action: 'dead_letter.discard', entity: ({ path }) => ({ type: 'dead_letter', id: path.id! }) },
    body: deadLetters.discardDeadLetterParams.pick({ reason: true }).strict(),
    response: deadLetters.deadLetter,
    status: 200,
    call: ({ path, body }, ctx) => ctx.call(L.discard, { id: path.id, reason: body.reason }),
  }),
];
