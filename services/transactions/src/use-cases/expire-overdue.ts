import type { CheckoutContext } from './checkout-sagas';

/** Closes reserved transactions whose reservation ran out. Returns how many it expired. */
export async function expireOverdue({ deps, runner, sagas }: CheckoutContext, limit = 100): Promise<number> {
  const overdue = await deps.repository.findExpired(deps.sql, new Date(), limit);
  let expired = 0;
  for (const id of overdue) {
    await runner.run(sagas.close, id, { transactionId: id, closedAs: 'expired' }).then(
      () => (expired += 1),
      // Completed or cancelled meanwhile, or taken by another node: nothing to expire.
      () => undefined,
    );
  }
  return expired;
}
