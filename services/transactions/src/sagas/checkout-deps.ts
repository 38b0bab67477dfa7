import type { terminals } from '@tillwire/contracts';
import type { Config, SqlExecutor } from '@tillwire/platform';
import type { ExpiringCache } from '../clients/expiring-cache';
import type { LoyaltyPoints } from '../clients/loyalty-grpc.client';
import type { PricedProduct } from '../domain/pricing';
import type { ShiftsRepository } from '../db/shifts.repository';
import type { ReportFactsRepository } from '../db/report-facts.repository';
import type { TransactionsRepository } from '../db/transactions.repository';

/** What the checkout steps need: broker calls to other services and this service's own tables. */
export interface CheckoutDeps {
  /** `timeout` overrides the broker's default for calls that wait on a terminal. */
  call<Result>(action: string, params: object, options?: { timeout: number }): Promise<Result>;
  sql: SqlExecutor;
  repository: TransactionsRepository;
  /** What the completed and refunded events carry for reports. */
  reportFacts: ReportFactsRepository;
  /** Cashier shifts: a completion and a cash refund need the terminal's open shift. */
  shifts: ShiftsRepository;
  /** Loyalty over gRPC: redeem, reverse and refund of points. */
  loyalty: LoyaltyPoints;
  /** Terminals and products as pricing reads them, kept until their service announces a change. */
  terminals: ExpiringCache<terminals.Terminal>;
  products: ExpiringCache<PricedProduct>;
  config: Config;
}
