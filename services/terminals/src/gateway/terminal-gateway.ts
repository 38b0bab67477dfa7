import type { Span } from '@opentelemetry/api';
import { serviceId as newServiceId, type SqlExecutor } from '@tillwire/platform';
import {
  SALE_ID,
  type MappedEvent,
  type SessionIdentity,
  type TerminalCommand,
  type TerminalReply,
  type Vendor,
  type VendorAdapter,
} from '../adapters/vendor-adapter';
import type { CommandSettlement, CommandsRepository, StoredCommand } from '../db/commands.repository';
import { terminalsErrors } from '../terminals.errors';
import { endCommandSpan, inCommandSpan, startCommandSpan } from './command-span';
import type { SettledCommand } from './command-waiters';

/** What the gateway needs of a terminal's open WebSocket. */
export interface SessionSocket {
  send(text: string): void;
  close(): void;
}

/** The listener's handle on a session the gateway serves; it calls one at a time, in order. */
export interface SessionHandle {
  received(text: string): Promise<void>;
  closed(): Promise<void>;
}

export interface GatewayOptions {
  readonly nodeId: string;
  readonly db: SqlExecutor;
  readonly commands: CommandsRepository;
  readonly adapters: Readonly<Record<Vendor, VendorAdapter>>;
  /** How long a payment or refund may take on the terminal, and any other answer. */
  readonly timeouts: { readonly paymentMs: number; readonly commandMs: number };
  /** A stored command was settled here; the nodes waiting for it are told. */
  settled(command: SettledCommand): Promise<void>;
  eventReported(terminalId: string, event: MappedEvent): Promise<void>;
  readonly logger: { info(message: string): void; warn(message: string): void; error(message: string, error?: unknown): void };
}

/** A command sent on a session and not answered yet. */
interface Pending {
  readonly command: TerminalCommand;
  timer?: NodeJS.Timeout;
  /** For a status query: the payment or refund it asks about. */
  readonly about?: string;
  /** Open from the write until the answer, when the command was sent inside a trace. */
  readonly span?: Span | undefined;
}

interface LiveSession {
  readonly identity: SessionIdentity;
  readonly adapter: VendorAdapter;
  readonly socket: SessionSocket;
  readonly pending: Map<string, Pending>;
}

/** Payments and refunds keep their ServiceID until the terminal says what became of them. */
const ASKED_AGAIN = new Set<TerminalCommand['kind']>(['pay', 'refund']);

/**
 * This node's side of the terminals' sessions. A stored command is claimed (queued → sent) before
 * it is written to the socket, so it leaves once; a payment or refund whose answer does not come
 * in time, or whose session drops, is asked about under a status query instead of being sent again
 * (nexo TransactionStatusRequest: in progress, not found, or the original answer repeated).
 */
export class TerminalGateway {
  private readonly sessions = new Map<string, LiveSession>();

  constructor(private readonly options: GatewayOptions) {}

  /** Serves a session that just opened: logs in, then asks about every answer the terminal still owes. */
  attach(terminalId: string, vendor: Vendor, socket: SessionSocket): SessionHandle {
    const session: LiveSession = {
      identity: { terminalId, saleId: SALE_ID },
      adapter: this.options.adapters[vendor],
      socket,
      pending: new Map(),
    };
    // The newest session wins: an older one still open here (half-open, or a terminal that
    // reconnected without closing) is closed, and what it owed is asked about on this one.
    this.sessions.get(terminalId)?.socket.close();
    this.sessions.set(terminalId, session);
    this.send(session, { kind: 'login', serviceId: newServiceId() });
    void this.recover(session).catch((error: unknown) => this.fail(session, 'Unanswered commands were not asked about', error));
    return { received: (text) => this.received(session, text), closed: () => this.detached(session) };
  }

  /** Writes a queued command to the terminal's session on this node; quietly nothing when it is no longer queued. */
  async deliver(terminalId: string, serviceId: string): Promise<void> {
    const session = this.sessions.get(terminalId);
    if (!session) throw terminalsErrors.unavailable(terminalId, `no session on node ${this.options.nodeId}`);
    const claimed = await this.options.commands.claim(this.options.db, terminalId, serviceId, this.options.nodeId);
    if (!claimed) return;
    if (this.sessions.get(terminalId) !== session) {
      // Closed while claiming: the command counts as sent on that session, and is wound up with it.
      await this.windUp(terminalId, claimed);
      return;
    }
    try {
      this.send(session, claimed.request);
    } catch (error) {
      // Never written (the adapter cannot express it): it fails now instead of waiting for an answer.
      this.fail(session, `Command ${serviceId} could not be sent`, error);
      session.pending.delete(serviceId);
      await this.settle(terminalId, serviceId, { failure: 'undeliverable' });
    }
  }

  hasSession(terminalId: string): boolean {
    return this.sessions.has(terminalId);
  }

  private send(session: LiveSession, command: TerminalCommand, about?: string): void {
    const { adapter, identity, socket } = session;
    // Encoded first: a command the adapter cannot express never counts as sent.
    const text = adapter.encode(command, identity, new Date());
    // A status query is part of the payment it asks about.
    const span = startCommandSpan(adapter.vendor, identity.terminalId, command, about ? session.pending.get(about)?.span : undefined);
    const expectsReply = adapter.expectsReply(command.kind);
    if (expectsReply) {
      const pending: Pending = { command, about, span };
      session.pending.set(command.serviceId, pending);
      this.arm(session, pending);
    } else {
      void this.settle(identity.terminalId, command.serviceId, { reply: null }).catch((e: unknown) => this.fail(session, 'A sent command was not settled', e));
    }
    try {
      socket.send(text);
    } catch (error) {
      endCommandSpan(span, { failure: 'undeliverable' });
      throw error;
    }
    if (!expectsReply) endCommandSpan(span, { reply: null });
  }

  private arm(session: LiveSession, pending: Pending): void {
    clearTimeout(pending.timer);
    const { paymentMs, commandMs } = this.options.timeouts;
    const ms = ASKED_AGAIN.has(pending.command.kind) ? paymentMs : commandMs;
    pending.timer = setTimeout(() => void this.timedOut(session, pending).catch((e: unknown) => this.fail(session, 'A timeout was not handled', e)), ms);
    pending.timer.unref();
  }

  private async timedOut(session: LiveSession, pending: Pending): Promise<void> {
    const { command } = pending;
    const { terminalId } = session.identity;
    if (!ASKED_AGAIN.has(command.kind)) endCommandSpan(pending.span, { failure: 'timeout' });
    if (command.kind === 'login') {
      this.options.logger.warn(`Terminal ${terminalId} did not answer the login; closing its session`);
      session.socket.close();
      return;
    }
    if (command.kind === 'status') {
      // Asked again, under a new ServiceID, for as long as the session lasts and the answer is awaited.
      session.pending.delete(command.serviceId);
      if (session.pending.has(pending.about!)) this.ask(session, pending.about!);
      return;
    }
    if (ASKED_AGAIN.has(command.kind)) {
      this.options.logger.warn(`Terminal ${terminalId} has not answered ${command.kind} ${command.serviceId}; asking for its status`);
      this.ask(session, command.serviceId);
      return;
    }
    session.pending.delete(command.serviceId);
    await this.settle(terminalId, command.serviceId, { failure: 'timeout' });
  }

  /** Sends a status query about the payment or refund `serviceId`. */
  private ask(session: LiveSession, serviceId: string): void {
    this.send(session, { kind: 'status', serviceId: newServiceId(), ofServiceId: serviceId }, serviceId);
  }

  private async received(session: LiveSession, text: string): Promise<void> {
    const { terminalId } = session.identity;
    const inbound = session.adapter.decode(text, session.identity);
    if (inbound.type === 'invalid') {
      this.options.logger.warn(`Terminal ${terminalId} sent a message that was not understood: ${inbound.reason}`);
      return;
    }
    if (inbound.type === 'event') {
      await this.options.eventReported(terminalId, inbound.event);
      return;
    }
    const pending = session.pending.get(inbound.serviceId);
    if (!pending) {
      this.options.logger.warn(`Terminal ${terminalId} answered ${inbound.serviceId}, which is not awaited here`);
      return;
    }
    if (!answers(pending.command, inbound.reply)) {
      // An answer of another kind says nothing of this command, which keeps waiting for its own.
      this.options.logger.warn(`Terminal ${terminalId} answered ${pending.command.kind} ${inbound.serviceId} with a ${inbound.reply.kind} reply; ignored`);
      return;
    }
    clearTimeout(pending.timer);
    session.pending.delete(inbound.serviceId);
    endCommandSpan(pending.span, { reply: inbound.reply });
    // What the answer sets off (the settlement, its broadcast) belongs to the command's trace.
    await inCommandSpan(pending.span, () => this.answered(session, pending, inbound.reply));
  }

  private async answered(session: LiveSession, pending: Pending, reply: TerminalReply): Promise<void> {
    const { terminalId } = session.identity;
    const { command } = pending;
    if (command.kind === 'login') {
      if (reply.kind === 'login' && reply.ok) return;
      this.options.logger.warn(`Terminal ${terminalId} refused the login; closing its session`);
      session.socket.close();
      return;
    }
    if (command.kind === 'status') {
      await this.statusAnswered(session, pending.about!, reply);
      return;
    }
    await this.settle(terminalId, command.serviceId, { reply: answerTo(command, reply) });
    if (reply.kind === 'print') {
      const type = reply.outcome === 'printed' ? 'printed' : 'error';
      await this.options.eventReported(terminalId, { type, payload: { vendorEvent: 'PrintResponse', serviceId: command.serviceId, document: command.kind === 'print' ? command.document : null, reason: reply.reason ?? null } });
    }
  }

  private async statusAnswered(session: LiveSession, about: string, reply: TerminalReply): Promise<void> {
    const asked = session.pending.get(about);
    // Answered directly in the meantime: nothing is awaited any more.
    if (!asked) return;
    if (reply.kind !== 'status' || reply.state === 'in_progress') {
      // Still on the terminal (or an answer that says nothing): wait one more period.
      this.arm(session, asked);
      return;
    }
    clearTimeout(asked.timer);
    session.pending.delete(about);
    const settlement: CommandSettlement =
      reply.state === 'processed' ? { reply: answerTo(asked.command, reply.original) } : { failure: 'not_found' };
    endCommandSpan(asked.span, settlement);
    await this.settle(session.identity.terminalId, about, settlement);
  }

  private async detached(session: LiveSession): Promise<void> {
    const { terminalId } = session.identity;
    if (this.sessions.get(terminalId) === session) this.sessions.delete(terminalId);
    const owed = [...session.pending.values()];
    session.pending.clear();
    for (const pending of owed) {
      clearTimeout(pending.timer);
      endCommandSpan(pending.span, { failure: 'disconnected' });
      if (pending.command.kind === 'login' || pending.command.kind === 'status') continue;
      await this.windUp(terminalId, { serviceId: pending.command.serviceId, request: pending.command });
    }
  }

  /** A command sent on a session that closed: a payment or refund waits for the next session's status query. */
  private async windUp(terminalId: string, command: Pick<StoredCommand, 'serviceId' | 'request'>): Promise<void> {
    if (ASKED_AGAIN.has(command.request.kind)) return;
    await this.settle(terminalId, command.serviceId, { failure: 'disconnected' });
  }

  /** Asks about every payment and refund a session of the terminal sent and never got an answer to. */
  private async recover(session: LiveSession): Promise<void> {
    const { terminalId } = session.identity;
    const owed = await this.options.commands.unanswered(this.options.db, terminalId);
    for (const command of owed) {
      if (this.sessions.get(terminalId) !== session) return;
      if (session.pending.has(command.serviceId)) continue;
      if (!ASKED_AGAIN.has(command.request.kind)) {
        await this.settle(terminalId, command.serviceId, { failure: 'disconnected' });
        continue;
      }
      this.options.logger.info(`Terminal ${terminalId} is back; asking what became of ${command.request.kind} ${command.serviceId}`);
      session.pending.set(command.serviceId, { command: command.request });
      this.ask(session, command.serviceId);
    }
  }

  private async settle(terminalId: string, serviceId: string, settlement: CommandSettlement): Promise<void> {
    if (await this.options.commands.settle(this.options.db, terminalId, serviceId, 'sent', settlement)) {
      await this.options.settled(
        'failure' in settlement
          ? { terminalId, serviceId, state: 'failed', reply: null, failure: settlement.failure }
          : { terminalId, serviceId, state: 'answered', reply: settlement.reply, failure: null },
      );
    }
  }

  private fail(session: LiveSession, what: string, error: unknown): void {
    this.options.logger.error(`${what} on terminal ${session.identity.terminalId}'s session`, error);
  }
}

/** Whether `reply` is of the kind that answers `command` (a refund may be answered as a payment). */
function answers(command: TerminalCommand, reply: TerminalReply): boolean {
  return reply.kind === command.kind || (command.kind === 'refund' && reply.kind === 'pay');
}

/**
 * A refund is a nexo payment of type Refund: its answer, repeated by a status query or sent by a
 * terminal that leaves the payment type out, may come as a payment's; it is the refund's answer.
 */
function answerTo(command: TerminalCommand, reply: TerminalReply): TerminalReply {
  if (command.kind !== 'refund' || reply.kind !== 'pay') return reply;
  return { kind: 'refund', outcome: reply.outcome, reference: reply.reference, reason: reply.reason };
}
