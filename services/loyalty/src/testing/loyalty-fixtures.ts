import { randomUUID } from 'node:crypto';
import { loyalty } from '@tillwire/contracts';
import type { ServiceBroker } from 'moleculer';

const A = loyalty.LoyaltyActions;

/** What a broker call rejected with: the MoleculerClientError fields callers check. */
export interface Rejection {
  readonly type: string;
  readonly code: number;
  readonly data: Record<string, unknown>;
}

export async function rejection(call: Promise<unknown>): Promise<Rejection> {
  try {
    await call;
  } catch (error) {
    return error as Rejection;
  }
  throw new Error('Expected the call to be rejected');
}

export function enroll(broker: ServiceBroker, name = 'Test Member'): Promise<loyalty.Account> {
  return broker.call(A.enroll, { name });
}

/** A new account holding `points` (one bronze accrual of points × 100 minor units). */
export async function fundedAccount(broker: ServiceBroker, points: number): Promise<loyalty.Account> {
  const { id } = await enroll(broker);
  await broker.call(A.accrue, { accountId: id, transactionId: randomUUID(), amountMinor: points * 100 });
  return broker.call(A.getAccount, { id });
}
