import type { SqlExecutor } from '@tillwire/platform';
import type { TerminalCommand, TerminalReply } from '../adapters/vendor-adapter';

/** Why a command ended without an answer. `not_found`: the terminal says it never saw it. */
export type CommandFailure = 'not_found' | 'undeliverable' | 'timeout' | 'disconnected';

export interface StoredCommand {
  readonly terminalId: string;
  readonly serviceId: string;
  readonly request: TerminalCommand;
  readonly state: 'queued' | 'sent' | 'answered' | 'failed';
  readonly reply: TerminalReply | null;
  readonly failure: CommandFailure | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

export type CommandSettlement = { readonly reply: TerminalReply | null } | { readonly failure: CommandFailure };

export interface CommandsRepository {
  /**
   * Stores a new command as queued; an existing one under the same ServiceID is returned as it is.
   * Undefined when there is no such terminal.
   */
  record(db: SqlExecutor, terminalId: string, command: TerminalCommand): Promise<StoredCommand | undefined>;
  get(db: SqlExecutor, terminalId: string, serviceId: string): Promise<StoredCommand | undefined>;
  /**
   * Queued → sent by `node`, in the same statement marking the terminal busy for a payment.
   * Undefined when it was not queued any more: another node sent it, or it expired.
   */
  claim(db: SqlExecutor, terminalId: string, serviceId: string, node: string): Promise<StoredCommand | undefined>;
  /** Ends a command that is (still) in state `from`; a payment's end frees the terminal. False when it was not. */
  settle(
    db: SqlExecutor,
    terminalId: string,
    serviceId: string,
    from: 'queued' | 'sent',
    settlement: CommandSettlement,
  ): Promise<boolean>;
  /** The reversal the terminal confirmed for the payment `ofServiceId`, if any. */
  reversalOf(db: SqlExecutor, terminalId: string, ofServiceId: string): Promise<{ reference: string | null } | undefined>;
  /** Commands of a terminal that were sent and whose answer is still owed, oldest first. */
  unanswered(db: SqlExecutor, terminalId: string): Promise<StoredCommand[]>;
}

const COLUMNS = `terminal_id AS "terminalId", service_id AS "serviceId", request, state, reply, failure,
  created_at AS "createdAt", sent_at AS "sentAt"`;

export const commandsRepository: CommandsRepository = {
  async record(db, terminalId, command) {
    // The no-op update makes RETURNING yield the stored row on a conflict, in one statement.
    const [row] = await db.query<StoredCommand>(
      `INSERT INTO terminals.commands (terminal_id, service_id, kind, request, transaction_id)
       SELECT $1::varchar, $2::varchar, $3::varchar, $4::jsonb, ($4::jsonb->>'transactionId')::uuid WHERE EXISTS (SELECT 1 FROM terminals.terminals WHERE id = $1::varchar)
       ON CONFLICT (terminal_id, service_id) DO UPDATE SET terminal_id = EXCLUDED.terminal_id
       RETURNING ${COLUMNS}`,
      [terminalId, command.serviceId, command.kind, JSON.stringify(command)],
    );
    return row;
  },

  async get(db, terminalId, serviceId) {
    const [row] = await db.query<StoredCommand>(
      `SELECT ${COLUMNS} FROM terminals.commands WHERE terminal_id = $1 AND service_id = $2`,
      [terminalId, serviceId],
    );
    return row;
  },

  async claim(db, terminalId, serviceId, node) {
    const [row] = await db.query<StoredCommand>(
      `WITH claimed AS (
         UPDATE terminals.commands SET state = 'sent', sent_by = $3, sent_at = now()
          WHERE terminal_id = $1 AND service_id = $2 AND state = 'queued'
          RETURNING *
       ), busy AS (
         UPDATE terminals.terminals SET status = 'busy', updated_at = now()
          WHERE id = $1 AND status = 'online' AND EXISTS (SELECT 1 FROM claimed WHERE kind = 'pay')
       )
       SELECT ${COLUMNS} FROM claimed`,
      [terminalId, serviceId, node],
    );
    return row;
  },

  async settle(db, terminalId, serviceId, from, settlement) {
    const reply = 'reply' in settlement ? JSON.stringify(settlement.reply) : null;
    const failure = 'failure' in settlement ? settlement.failure : null;
    const [row] = await db.query<{ settled: number }>(
      `WITH settled AS (
         UPDATE terminals.commands
            SET state = $4::terminals.terminal_command_state, reply = $5::jsonb, failure = $6, resolved_at = now()
          WHERE terminal_id = $1 AND service_id = $2 AND state = $3::terminals.terminal_command_state
          RETURNING kind
       ), freed AS (
         UPDATE terminals.terminals SET status = 'online', updated_at = now()
          WHERE id = $1 AND status = 'busy' AND EXISTS (SELECT 1 FROM settled WHERE kind = 'pay')
       )
       SELECT count(*)::int AS settled FROM settled`,
      [terminalId, serviceId, from, failure ? 'failed' : 'answered', reply, failure],
    );
    return (row?.settled ?? 0) > 0;
  },

  async reversalOf(db, terminalId, ofServiceId) {
    const [row] = await db.query<{ reference: string | null }>(
      `SELECT reply->>'reference' AS reference FROM terminals.commands
        WHERE terminal_id = $1 AND kind = 'reverse' AND state = 'answered'
          AND request->>'ofServiceId' = $2 AND reply->>'outcome' = 'reversed'
        LIMIT 1`,
      [terminalId, ofServiceId],
    );
    return row;
  },

  async unanswered(db, terminalId) {
    return db.query<StoredCommand>(
      `SELECT ${COLUMNS} FROM terminals.commands WHERE terminal_id = $1 AND state = 'sent' ORDER BY created_at`,
      [terminalId],
    );
  },
};
