import { currencyExponent, formatDecimal, type transactions } from '@tillwire/contracts';

/**
 * The lines a terminal prints for a completed sale: amounts in the sale's currency, with as many
 * decimals as its minor unit has (an event from before sales named their currency was in EUR).
 */
export function receiptLines(sale: transactions.TransactionCompletedEvent): string[] {
  const currency = sale.currency ?? 'EUR';
  const amount = (minor: number) => formatDecimal(minor, currencyExponent(currency));
  return [
    `Receipt ${sale.receiptNumber}`,
    `Department ${sale.departmentCode}`,
    ...sale.payments.map((p) => `${p.method.padEnd(8)} ${amount(p.amountMinor)}`),
    `Total    ${amount(sale.totalMinor)} ${currency}`,
  ];
}
