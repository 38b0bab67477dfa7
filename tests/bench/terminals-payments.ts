import { randomUUID } from 'node:crypto';
import { terminals } from '@tillwire/contracts';
import type { ServiceBroker } from 'moleculer';
import { forEachConcurrently } from './terminals-concurrency';

const { TerminalsActions: T } = terminals;
/** A payment waits for its terminal; the broker's default timeout would cut a slow one short. */
const CALL = { timeout: 30_000 };
/** Ends in neither 51 nor anything else the simulator declines. */
const AMOUNT_MINOR = 1250;

export interface PaymentRun {
  /** Per payment that got an answer, in completion order. */
  readonly latenciesMs: number[];
  /** `approved`, `declined: reason`, `failed: reason` or `error: message`, counted. */
  readonly outcomes: Map<string, number>;
  readonly elapsedMs: number;
}

/**
 * `rounds` rounds of one payment per terminal through `terminals.pay`, at most `concurrency` in
 * flight; a round ends before the next begins, so no terminal is asked to pay twice at once. The
 * simulators answer at once, so a round trip is the platform's own time and the sockets'. Each
 * round's ServiceID is `prefix` and its number: unique per terminal across runs of other prefixes.
 */
export async function payOnEveryTerminal(
  broker: ServiceBroker,
  ids: readonly string[],
  { rounds, concurrency, prefix }: { rounds: number; concurrency: number; prefix: string },
  onRound: (round: number) => void,
): Promise<PaymentRun> {
  const latenciesMs: number[] = [];
  const outcomes = new Map<string, number>();
  const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  const startedAt = performance.now();
  for (let round = 1; round <= rounds; round++) {
    await forEachConcurrently(ids, concurrency, async (terminalId) => {
      const request = { terminalId, transactionId: randomUUID(), paymentId: randomUUID(), serviceId: `${prefix}${round}`, amountMinor: AMOUNT_MINOR, currency: 'EUR' };
      const started = performance.now();
      try {
        const result = await broker.call<terminals.PayResult, object>(T.pay, request, CALL);
        latenciesMs.push(performance.now() - started);
        count(result.outcome === 'approved' ? 'approved' : `${result.outcome}: ${result.reason ?? '?'}`);
      } catch (error) {
        count(`error: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    onRound(round);
  }
  return { latenciesMs, outcomes, elapsedMs: performance.now() - startedAt };
}
