import type { transactions } from '@tillwire/contracts';
import { describe, expect, it } from 'vitest';
import { receiptLines } from './receipt-lines';

const sale = (overrides: Partial<transactions.TransactionCompletedEvent>): transactions.TransactionCompletedEvent => ({
  transactionId: '5b0f6c1e-8f2a-4c4e-9a51-2f1f4b7c9d10',
  receiptNumber: 42,
  terminalId: 'T-1',
  departmentCode: 'GROCERY',
  customerId: null,
  totalMinor: 123456,
  payments: [
    { method: 'card', amountMinor: 123451 },
    { method: 'cash', amountMinor: 5, changeMinor: 0 },
  ],
  ...overrides,
});

describe('receiptLines', () => {
  it('prints each payment and the total with the decimals of the sale’s currency', () => {
    expect(receiptLines(sale({ currency: 'EUR' }))).toEqual(['Receipt 42', 'Department GROCERY', 'card     1234.51', 'cash     0.05', 'Total    1234.56 EUR']);
    expect(receiptLines(sale({ currency: 'JPY' })).slice(2)).toEqual(['card     123451', 'cash     5', 'Total    123456 JPY']);
    expect(receiptLines(sale({ currency: 'KWD' })).at(-1)).toBe('Total    123.456 KWD');
  });

  it('prints a sale from before events named their currency in EUR', () => {
    expect(receiptLines(sale({})).at(-1)).toBe('Total    1234.56 EUR');
  });
});
