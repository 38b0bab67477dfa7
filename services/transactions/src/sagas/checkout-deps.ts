import type { Config, SqlExecutor } from '@tillwire/platform';
import type { TerminalDirectory } from '../clients/terminal-directory';
import type { TransactionsRepository } from '../db/transactions.repository';

/** What the checkout steps need: broker calls to other services and this service's own tables. */
export interface CheckoutDeps {
  call<Result>(action: string, params: object): Promise<Result>;
  sql: SqlExecutor;
  repository: TransactionsRepository;
  terminals: TerminalDirectory;
  config: Config;
}
