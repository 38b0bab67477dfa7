import {
  decidePayment,
  decideRefund,
  decideReversal,
  serviceIdOf,
  type SimulatedPayment,
} from '../domain/simulated-payment';
import type { CardTerminal, RefundRequest, RefundResult } from './card-terminal';

/** nexo keeps a ServiceID unique per terminal for 48 hours; the simulator remembers that long. */
export const SIMULATOR_MEMORY_MS = 48 * 60 * 60 * 1000;

interface Remembered<T> {
  readonly value: T;
  readonly at: number;
}

/**
 * The built-in simulated card terminal. Its memory of payments and refunds lives in this process
 * only: after a restart a repeated request still gets the same outcome (the outcome is a function
 * of amount and ServiceID), but a reused ServiceID is no longer detected and refunds are honoured
 * without an amount check. The terminal gateway replaces this with the persisted payment state
 * of real terminals and of its simulator protocol.
 */
export function simulatorTerminal(now: () => number = Date.now): CardTerminal {
  const payments = new Map<string, Remembered<SimulatedPayment>>();
  const refunds = new Map<string, Remembered<{ request: RefundRequest; result: RefundResult }>>();

  const key = (terminalId: string, serviceId: string) => `${terminalId}\u0000${serviceId}`;
  const remember = <T>(map: Map<string, Remembered<T>>, k: string, value: T) => {
    forgetExpired(map, now());
    map.delete(k); // re-insert, so the map stays ordered by age
    map.set(k, { value, at: now() });
  };

  return {
    async pay(terminal, request) {
      const k = key(terminal.id, request.serviceId);
      const decision = decidePayment(payments.get(k)?.value, request);
      if (decision.record) remember(payments, k, decision.record);
      return decision;
    },

    async reverse(terminal, request) {
      const k = key(terminal.id, request.serviceId);
      const decision = decideReversal(payments.get(k)?.value, request);
      if (decision.record) remember(payments, k, decision.record);
      return decision;
    },

    async refund(terminal, request) {
      const earlier = refunds.get(request.refundId)?.value;
      if (earlier) {
        return isSameRefund(earlier.request, request)
          ? { ok: true, result: earlier.result }
          : { ok: false, code: 'refund_id_reused' };
      }
      const serviceId = serviceIdOf(request.reference);
      const k = serviceId === undefined ? undefined : key(terminal.id, serviceId);
      const decision = decideRefund(k === undefined ? undefined : payments.get(k)?.value, request);
      if (k !== undefined && decision.record) remember(payments, k, decision.record);
      remember(refunds, request.refundId, { request, result: decision.result });
      return { ok: true, result: decision.result };
    },
  };
}

function isSameRefund(a: RefundRequest, b: RefundRequest): boolean {
  return (
    a.terminalId === b.terminalId &&
    a.paymentId === b.paymentId &&
    a.reference === b.reference &&
    a.amountMinor === b.amountMinor &&
    a.currency === b.currency
  );
}

/** Entries are kept in age order, so the expired ones are at the front. */
function forgetExpired<T>(map: Map<string, Remembered<T>>, at: number): void {
  for (const [k, entry] of map) {
    if (at - entry.at < SIMULATOR_MEMORY_MS) return;
    map.delete(k);
  }
}
