import { loyalty } from '@tillwire/contracts';

const Code = loyalty.LoyaltyErrorCode;

/** Expected business outcomes, each carrying the data a caller needs to act on it. */
export type LoyaltyFailure =
  | { code: typeof Code.ValidationFailed; reason: 'not_whole_points'; amountMinor: number; pointValueMinor: number }
  | { code: typeof Code.NotFound; accountId: string }
  | { code: typeof Code.AlreadyExists; field: 'id' | 'email'; value: string }
  | { code: typeof Code.InsufficientPoints; accountId: string; available: number; requested: number }
  | { code: typeof Code.InvalidState; reason: 'reversed'; accountId: string; transactionId: string }
  | {
      code: typeof Code.InvalidState;
      reason: 'different_points';
      accountId: string;
      transactionId: string;
      redeemedPoints: number;
      requested: number;
    }
  | { code: typeof Code.InvalidState; reason: 'exceeds_redeemed'; accountId: string; transactionId: string; refundable: number; requested: number }
  | { code: typeof Code.InvalidState; reason: 'contention'; accountId: string; attempts: number };

export type Failed = { readonly ok: false; readonly failure: LoyaltyFailure };
export type Result<T> = { readonly ok: true; readonly value: T } | Failed;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(failure: LoyaltyFailure): Failed {
  return { ok: false, failure };
}

export const failures = {
  notWholePoints: (amountMinor: number, pointValueMinor: number): LoyaltyFailure => ({
    code: Code.ValidationFailed,
    reason: 'not_whole_points',
    amountMinor,
    pointValueMinor,
  }),
  accountNotFound: (accountId: string): LoyaltyFailure => ({ code: Code.NotFound, accountId }),
  alreadyExists: (field: 'id' | 'email', value: string): LoyaltyFailure => ({ code: Code.AlreadyExists, field, value }),
  insufficientPoints: (accountId: string, available: number, requested: number): LoyaltyFailure => ({
    code: Code.InsufficientPoints,
    accountId,
    available,
    requested,
  }),
  reversed: (accountId: string, transactionId: string): LoyaltyFailure => ({
    code: Code.InvalidState,
    reason: 'reversed',
    accountId,
    transactionId,
  }),
  differentPoints: (accountId: string, transactionId: string, redeemedPoints: number, requested: number): LoyaltyFailure => ({
    code: Code.InvalidState,
    reason: 'different_points',
    accountId,
    transactionId,
    redeemedPoints,
    requested,
  }),
  exceedsRedeemed: (accountId: string, transactionId: string, refundable: number, requested: number): LoyaltyFailure => ({
    code: Code.InvalidState,
    reason: 'exceeds_redeemed',
    accountId,
    transactionId,
    refundable,
    requested,
  }),
  contention: (accountId: string, attempts: number): LoyaltyFailure => ({
    code: Code.InvalidState,
    reason: 'contention',
    accountId,
    attempts,
  }),
};
