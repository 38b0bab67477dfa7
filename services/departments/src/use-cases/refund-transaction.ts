import type { departments } from '@tillwire/contracts';
import type { z } from 'zod';
import { entryOf, type LedgerRow } from '../db/ledger.repository';
import { departmentsErrors } from '../departments.errors';
import type { LedgerEntry } from '../domain/allocation';
import { isSameRefund, planRefund } from '../domain/refund';
import type { DepartmentsDeps } from './departments.deps';

export type DepartmentRefundParams = z.output<typeof departments.departmentRefundParams>;

/**
 * Negative refund entries, each in the department its line was sold to. Idempotent by refundId.
 * `lines` carry the refunded amounts as positive numbers.
 */
export async function refundTransaction(
  deps: Pick<DepartmentsDeps, 'transact' | 'ledger'>,
  { transactionId, refundId, lines }: DepartmentRefundParams,
): Promise<{ entries: LedgerEntry[] }> {
  return deps.transact(async (tx) => {
    // Refunds of one transaction run one at a time, so two cannot both take the last of a line.
    await deps.ledger.lockSales(tx, transactionId);
    const booked = await deps.ledger.ofSource(tx, refundId, 'refund');
    if (booked.length > 0) return { entries: replayed(booked, transactionId, refundId, lines) };

    const entries = (await deps.ledger.ofTransaction(tx, transactionId)).map(entryOf);
    const sales = entries.filter((e) => e.kind === 'sale');
    if (sales.length === 0) {
      throw departmentsErrors.invalidState(`Transaction ${transactionId} has no allocation to refund`, {
        transactionId,
      });
    }
    if (entries.some((e) => e.kind === 'reversal')) {
      throw departmentsErrors.invalidState(`Transaction ${transactionId} was reversed; nothing to refund`, {
        transactionId,
      });
    }
    const plan = planRefund(sales, entries.filter((e) => e.kind === 'refund'), lines);
    if (!plan.ok) {
      switch (plan.code) {
        case 'duplicate_line':
          throw departmentsErrors.validationFailed(`Line ${plan.lineNo} appears twice`, { lineNo: plan.lineNo });
        case 'unknown_line':
          throw departmentsErrors.validationFailed(`Transaction ${transactionId} has no line ${plan.lineNo}`, {
            lineNo: plan.lineNo,
          });
        case 'invalid_amount':
          throw departmentsErrors.validationFailed(
            `Line ${plan.lineNo}: a refund is a positive amount with 0 <= tax <= amount`,
            { lineNo: plan.lineNo },
          );
        case 'exceeds_sale':
          throw departmentsErrors.invalidState(`Line ${plan.lineNo}: refund exceeds what is left of the sale`, {
            lineNo: plan.lineNo,
            requestedMinor: plan.requestedMinor,
            remainingMinor: plan.remainingMinor,
          });
      }
    }
    await deps.ledger.insertNew(tx, plan.entries.map((e) => ({ ...e, sourceId: refundId, transactionId })));
    return { entries: plan.entries };
  });
}

function replayed(
  booked: readonly LedgerRow[],
  transactionId: string,
  refundId: string,
  lines: DepartmentRefundParams['lines'],
): LedgerEntry[] {
  const entries = booked.map(entryOf);
  if (booked.some((row) => row.transactionId !== transactionId) || !isSameRefund(entries, lines)) {
    throw departmentsErrors.invalidState(`Refund ${refundId} was already booked with other lines`, {
      refundId,
      transactionId,
    });
  }
  return entries;
}
