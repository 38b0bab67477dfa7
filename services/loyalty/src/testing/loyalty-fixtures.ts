import { randomUUID } from 'node:crypto';
import { loyalty } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';
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

/** A count or sum read straight from the database: `select` yields one row with one integer column `n`. */
export async function numberOf(sql: SqlExecutor, select: string, params: readonly unknown[] = []): Promise<number> {
  const [row] = await sql.query<{ n: number }>(select, params);
  if (!row) throw new Error(`No row from ${select}`);
  return row.n;
}
