import type { loyalty } from '@tillwire/contracts';
import { loyaltyV1 } from '@tillwire/contracts/grpc';

/** How use-case results read as protobuf messages: enums by value, null as absent, dates as Timestamps. */
const TIER: Record<loyalty.Tier, loyaltyV1.Tier> = {
  bronze: loyaltyV1.Tier.TIER_BRONZE,
  silver: loyaltyV1.Tier.TIER_SILVER,
  gold: loyaltyV1.Tier.TIER_GOLD,
};

const ENTRY_KIND: Record<loyalty.EntryKind, loyaltyV1.EntryKind> = {
  accrue: loyaltyV1.EntryKind.ENTRY_KIND_ACCRUE,
  redeem: loyaltyV1.EntryKind.ENTRY_KIND_REDEEM,
  reverse: loyaltyV1.EntryKind.ENTRY_KIND_REVERSE,
  refund: loyaltyV1.EntryKind.ENTRY_KIND_REFUND,
};

export function accountMessage({ id, name, email, tier, balancePoints, lifetimePoints }: loyalty.Account): loyaltyV1.Account {
  return { id, name, email: email ?? undefined, tier: TIER[tier], balancePoints, lifetimePoints };
}

export const accountResponse = (account: loyalty.Account) => ({ account: accountMessage(account) });

export function accrueResponse(result: loyalty.AccrueResult): loyaltyV1.AccrueResponse {
  return { ...result, tier: TIER[result.tier] };
}

export function ledgerResponse({ entries }: { entries: loyalty.LedgerEntry[] }): loyaltyV1.ListLedgerResponse {
  return {
    entries: entries.map(({ id, transactionId, kind, points, createdAt }) => ({
      id,
      transactionId,
      kind: ENTRY_KIND[kind],
      points,
      createdAt: new Date(createdAt),
    })),
  };
}
