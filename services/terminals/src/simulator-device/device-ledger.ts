import type { PayReply, TerminalCommand, TerminalReply, TotalsGroup } from '../adapters/vendor-adapter';
import { decidePayment, decideRefund, decideReversal, type PayResult, type SimulatedPayment } from './simulated-payment';

type Command<K extends TerminalCommand['kind']> = Extract<TerminalCommand, { kind: K }>;
export type PayCommand = Command<'pay'>;

/** One payment as the simulated terminal remembers it: what tests assert on. */
export interface LedgerPayment {
  readonly serviceId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly state: SimulatedPayment['state'];
  readonly refundedMinor: number;
}

interface Entry {
  readonly payment: SimulatedPayment;
  readonly operatorId?: string;
  readonly shiftNumber?: number;
}

interface Refund {
  readonly command: Command<'refund'>;
  readonly reply: Extract<TerminalReply, { kind: 'refund' }>;
  readonly of?: Entry;
}

/**
 * The simulated terminal's memory, keyed by ServiceID, and its answers to each command, decided by
 * the simulator's payment rules (simulated-payment.ts). The terminal knows a payment only by its
 * ServiceID, so that is also the `paymentId` those rules compare. No I/O and no clock.
 */
export class DeviceLedger {
  private readonly entries = new Map<string, Entry>();
  /** Payments received but not yet decided (a slow terminal). */
  private readonly inProgress = new Map<string, PayCommand>();
  private readonly refunds = new Map<string, Refund>();

  /** `paymentOf` reads the payment's ServiceID off a reference, in the form the terminal's protocol gives it back. */
  constructor(
    private readonly terminalId: string,
    private readonly paymentOf: (reference: string) => string | undefined,
  ) {}

  isInProgress(serviceId: string): boolean {
    return this.inProgress.has(serviceId);
  }

  begin(command: PayCommand): void {
    this.inProgress.set(command.serviceId, command);
  }

  /** Decides the payment in progress under `serviceId`; undefined when there is none (any more). */
  settle(serviceId: string): { command: PayCommand; reply: PayReply } | undefined {
    const command = this.inProgress.get(serviceId);
    if (!command) return undefined;
    this.inProgress.delete(serviceId);
    return { command, reply: this.pay(command, { declineAll: false }) };
  }

  /** Decides a payment now. `declineAll` is the decline behaviour: new payments are declined whatever their amount. */
  pay(command: PayCommand, { declineAll }: { declineAll: boolean }): PayReply {
    const existing = this.entries.get(command.serviceId);
    const decision = decidePayment(existing?.payment, {
      ...command,
      terminalId: this.terminalId,
      paymentId: command.serviceId,
    });
    if (!decision.ok) return { kind: 'pay', outcome: 'refused', reference: null, reason: decision.code };
    if (!decision.record) return payReply(decision.result);
    const payment = declineAll && decision.record.state === 'approved' ? declined(decision.record) : decision.record;
    this.entries.set(command.serviceId, { payment, operatorId: command.operatorId, shiftNumber: command.shiftNumber });
    return payReply(payment.result);
  }

  status(ofServiceId: string): TerminalReply {
    if (this.inProgress.has(ofServiceId)) return { kind: 'status', state: 'in_progress' };
    const entry = this.entries.get(ofServiceId);
    return entry
      ? { kind: 'status', state: 'processed', original: payReply(entry.payment.result) }
      : { kind: 'status', state: 'not_found' };
  }

  /**
   * Stops the payment `ofServiceId`: one in progress is declined as aborted, and its answer is the
   * abort's; one never seen is remembered as aborted, so it is declined should it still arrive.
   * A payment already decided stays as it is.
   */
  abort(ofServiceId: string): { command: PayCommand; reply: PayReply } | undefined {
    if (this.entries.has(ofServiceId)) return undefined;
    const burned = decideReversal(undefined, { terminalId: this.terminalId, paymentId: ofServiceId, serviceId: ofServiceId }).record!;
    const command = this.inProgress.get(ofServiceId);
    this.inProgress.delete(ofServiceId);
    const amount = command && { amountMinor: command.amountMinor, currency: command.currency };
    this.entries.set(ofServiceId, { payment: { ...burned, amount }, operatorId: command?.operatorId, shiftNumber: command?.shiftNumber });
    return command && { command, reply: payReply(burned.result) };
  }

  reverse(command: Command<'reverse'>): TerminalReply {
    const { ofServiceId } = command;
    if (this.inProgress.has(ofServiceId)) return { kind: 'reverse', outcome: 'refused', reference: null, reason: 'payment_in_progress' };
    const existing = this.entries.get(ofServiceId);
    const decision = decideReversal(existing?.payment, { terminalId: this.terminalId, paymentId: ofServiceId, serviceId: ofServiceId });
    if (!decision.ok) return { kind: 'reverse', outcome: 'refused', reference: null, reason: decision.code };
    if (decision.record) this.entries.set(ofServiceId, { ...existing, payment: decision.record });
    return { kind: 'reverse', ...decision.result };
  }

  /** A repeated refund ServiceID gets its first answer, or is refused when the request differs. */
  refund(command: Command<'refund'>): TerminalReply {
    const earlier = this.refunds.get(command.serviceId);
    if (earlier) {
      const was = earlier.command;
      const same = was.reference === command.reference && was.amountMinor === command.amountMinor && was.currency === command.currency;
      return same ? earlier.reply : { kind: 'refund', outcome: 'refused', reference: null, reason: 'service_id_reused' };
    }
    const ofServiceId = this.paymentOf(command.reference);
    const entry = ofServiceId === undefined ? undefined : this.entries.get(ofServiceId);
    const decision = decideRefund(entry?.payment, {
      ...command,
      terminalId: this.terminalId,
      paymentId: ofServiceId ?? '',
      refundId: command.serviceId,
    });
    const updated = entry && decision.record ? { ...entry, payment: decision.record } : entry;
    if (updated && ofServiceId !== undefined) this.entries.set(ofServiceId, updated);
    const reply = { kind: 'refund', ...decided(decision.result) } as const;
    this.refunds.set(command.serviceId, { command, reply, of: updated });
    return reply;
  }

  /** Approved payments still standing are debits, approved refunds credits; grouped as the command asks. */
  totals(command: Command<'totals'>): TerminalReply {
    const groups = new Map<string, { -readonly [K in keyof TotalsGroup]: TotalsGroup[K] }>();
    const add = (entry: Entry | undefined, currency: string, side: 'debit' | 'credit', amountMinor: number) => {
      const keys: Partial<TotalsGroup> = {
        ...(command.groupBy.includes('poi') && { poiId: this.terminalId }),
        ...(command.groupBy.includes('operator') && entry?.operatorId !== undefined && { operatorId: entry.operatorId }),
        ...(command.groupBy.includes('shift') && entry?.shiftNumber !== undefined && { shiftNumber: entry.shiftNumber }),
      };
      const key = JSON.stringify([keys.poiId, keys.operatorId, keys.shiftNumber, currency]);
      const group = groups.get(key) ?? { ...keys, currency, debitCount: 0, debitMinor: 0, creditCount: 0, creditMinor: 0 };
      group[`${side}Count`] += 1;
      group[`${side}Minor`] += amountMinor;
      groups.set(key, group);
    };
    for (const entry of this.entries.values()) {
      const { state, amount } = entry.payment;
      if (state === 'approved' && amount) add(entry, amount.currency, 'debit', amount.amountMinor);
    }
    for (const refund of this.refunds.values()) {
      if (refund.reply.outcome === 'approved') add(refund.of, refund.command.currency, 'credit', refund.command.amountMinor);
    }
    return { kind: 'totals', groups: [...groups.values()] };
  }

  /** The payments that reached the terminal, in the order they did. */
  payments(): LedgerPayment[] {
    return [...this.entries]
      .filter(([, entry]) => entry.payment.amount)
      .map(([serviceId, { payment }]) => ({
        serviceId,
        amountMinor: payment.amount!.amountMinor,
        currency: payment.amount!.currency,
        state: payment.state,
        refundedMinor: payment.refundedMinor,
      }));
  }

  /** Payments approved and not reversed: the charges standing on customers' cards. */
  approvedCount(): number {
    return [...this.entries.values()].filter((entry) => entry.payment.state === 'approved').length;
  }
}

function payReply(result: PayResult): PayReply {
  return { kind: 'pay', ...decided(result) };
}

/** The simulator's rules approve or decline; `failed` is the gateway's word for an attempt no terminal took. */
function decided({ outcome, ...rest }: PayResult) {
  if (outcome === 'failed') throw new Error('The simulated terminal decided a payment as failed');
  return { outcome, ...rest };
}

function declined(payment: SimulatedPayment): SimulatedPayment {
  return { ...payment, state: 'declined', result: { outcome: 'declined', reference: null, reason: 'card_declined' } };
}
