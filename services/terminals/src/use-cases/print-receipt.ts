import type { transactions } from '@tillwire/contracts';
import { serviceId as derivedServiceId } from '@tillwire/platform';
import { receiptLines } from '../domain/receipt-lines';
import { sendCommand } from './send-command';
import type { TerminalsDeps } from './terminals.deps';

/**
 * Prints a completed sale's receipt on its terminal. The ServiceID comes from the transaction, so a
 * redelivered completion prints nothing twice; delivery is the command channel's (retried, then
 * dead-lettered while the terminal stays away).
 */
export async function printReceipt(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'commands' | 'commandChannel'>,
  sale: transactions.TransactionCompletedEvent,
): Promise<void> {
  if (!(await deps.terminals.get(deps.db, sale.terminalId))) return;
  const serviceId = derivedServiceId(`receipt:${sale.transactionId}`);
  await sendCommand(deps, sale.terminalId, { kind: 'print', serviceId, document: 'customer_receipt', lines: receiptLines(sale) });
}
