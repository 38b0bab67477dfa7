import { z } from 'zod';
import { isoDateTime, nonNegativeMinor, requiredText, uuid } from '../primitives';

/**
 * The loyalty service's API is gRPC (proto/loyalty/v1/loyalty.proto, generated code in
 * `@tillwire/contracts/grpc`); these schemas validate its requests as ts-proto decodes them, and
 * type what its use cases answer. Only the reads below remain broker actions (errors travel with
 * `type` = LoyaltyErrorCode).
 *
 * Points are integers. Accrue, redeem and reverse are idempotent by (transactionId, kind, accountId):
 * a repeat answers what the first call answered and changes nothing.
 */
export const LoyaltyActions = {
  getAccount: 'loyalty.getAccount',
  ledger: 'loyalty.ledger',
  /** `{id}` → a `Member`: the account and what its points pay at a till. */
  getMember: 'loyalty.getMember',
} as const;

export enum LoyaltyErrorCode {
  /** Bad params (details `{ issues }`), or an amount not worth whole points (`{ reason: 'not_whole_points' }`). */
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  AlreadyExists = 'already_exists',
  /** 422; details `{ accountId, available, requested }`. */
  InsufficientPoints = 'insufficient_points',
  /**
   * 409; details name a `reason`: `reversed` (the transaction's points were reversed, it cannot redeem
   * again), `different_points` (a repeat asked another amount), `exceeds_redeemed` (a refund would give
   * back more points than the transaction redeemed; details `{ refundable, requested }`), `contention`
   * (the account kept changing under bounded retries; safe to retry).
   */
  InvalidState = 'invalid_state',
}

/** A points amount: a non-negative safe integer. */
export const points = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const accountId = requiredText(64);
export const tier = z.enum(['bronze', 'silver', 'gold']);
export type Tier = z.infer<typeof tier>;

export const account = z.object({
  id: accountId,
  name: z.string(),
  email: z.string().nullable(),
  tier,
  balancePoints: points,
  lifetimePoints: points,
});
export type Account = z.infer<typeof account>;

/** `id` defaults to a new UUID; the customer id of a transaction is an account id. */
export const enrollParams = z.object({
  id: accountId.optional(),
  name: requiredText(120),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()).optional(),
});
export const getAccountParams = z.object({ id: accountId });

/** A member as a till looks one up: the account, the value of one point, and what the balance can pay. */
export const member = account.extend({ pointValueMinor: z.number().int().min(1), redeemableMinor: nonNegativeMinor });
export type Member = z.infer<typeof member>;

/**
 * Points earned = floor(amountMinor × LOYALTY_EARN_POINTS / LOYALTY_EARN_PER_MINOR × tier multiplier),
 * at the tier held before this accrual.
 */
export const accrueParams = z.object({ accountId, transactionId: uuid, amountMinor: nonNegativeMinor });
export const accrueResult = z.object({
  entryId: z.number().int(),
  points,
  balancePoints: points,
  lifetimePoints: points,
  /** The tier after this accrual. */
  tier,
});
export type AccrueResult = z.infer<typeof accrueResult>;

/**
 * Pays `amountMinor` with points: amountMinor / LOYALTY_POINT_VALUE_MINOR of them, which must be a
 * whole number (otherwise `validation_failed`, reason `not_whole_points`).
 */
export const redeemParams = z.object({ accountId, transactionId: uuid, amountMinor: nonNegativeMinor.min(1) });
export const redeemResult = z.object({ entryId: z.number().int(), points, balancePoints: points });
export type RedeemResult = z.infer<typeof redeemResult>;

/**
 * The saga's compensation of redeem: gives back the points redeemed for the transaction. When nothing
 * was redeemed it restores nothing (`reversedPoints: 0`) but still records the reversal, so a redeem
 * of that transaction arriving late is refused (`invalid_state`) rather than taking points for a
 * payment that was already undone.
 */
export const reverseParams = z.object({ accountId, transactionId: uuid });
export const reverseResult = z.object({ entryId: z.number().int(), reversedPoints: points, balancePoints: points });
export type ReverseResult = z.infer<typeof reverseResult>;

/**
 * A refund of a sale paid (partly) with points gives the refunded share of those points back, once
 * per refund: floor(amountMinor / LOYALTY_POINT_VALUE_MINOR) points. All refunds of a transaction
 * together never give back more than it redeemed.
 */
export const refundParams = z.object({ accountId, transactionId: uuid, refundId: uuid, amountMinor: nonNegativeMinor.min(1) });
export const refundResult = z.object({ entryId: z.number().int(), points, balancePoints: points });
export type RefundResult = z.infer<typeof refundResult>;

export const entryKind = z.enum(['accrue', 'redeem', 'reverse', 'refund']);
export type EntryKind = z.infer<typeof entryKind>;

export const ledgerEntry = z.object({
  id: z.number().int(),
  transactionId: uuid,
  kind: entryKind,
  /** Signed change of the balance: accrue, reverse and refund positive, redeem negative. */
  points: z.number().int(),
  createdAt: isoDateTime,
});
export type LedgerEntry = z.infer<typeof ledgerEntry>;

/** Newest first; `beforeId` pages back from the last entry of the previous page. */
export const ledgerParams = z.object({
  accountId,
  limit: z.number().int().min(1).max(1000).default(100),
  beforeId: z.number().int().min(1).optional(),
});
export const ledgerResult = z.object({ entries: z.array(ledgerEntry) });
