import { currencyExponent, formatDecimal, transactions } from '@tillwire/contracts';

/** The lines a terminal prints for a completed sale: amounts in the sale's currency, with as many decimals as its minor unit has. */
export function receiptLines(sale: transactions.TransactionCompletedEvent): string[] {
  const currency = transactions.saleCurrency(sale);
  const amount = (minor: number) => formatDecimal(minor, currencyExponent(currency));
  return [
    `Receipt ${sale.receiptNumber}`,
    `Department ${sale.departmentCode}`,
    ...sale.payments.map((p) => `${p.method.padEnd(8)} ${amount(p.amountMinor)}`),
    `Total    ${amount(sale.totalMinor)} ${currency}`,
  ];
}
