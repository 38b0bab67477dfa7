'use client';
import { ApiError, transactions, type WebClient } from '@tillwire/contracts';
import { useMemo, useState, type FormEvent } from 'react';
import { describeError } from '../error-messages';
import { IdempotentActions } from '../idempotent-actions';
import { money } from '../money';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';

type View = transactions.TransactionView;
const REFUNDABLE: readonly string[] = ['completed', 'partially_refunded'];

/** A refund of a past sale of this terminal, found by the receipt number the customer brings. */
export function RefundScreen({ client, onDone }: { client: WebClient; onDone: () => void }) {
  const actions = useMemo(() => new IdempotentActions(), []);
  const [sale, setSale] = useState<View | null>(null);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function find(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const number = String(new FormData(event.currentTarget).get('receipt') ?? '').trim();
    setMessage(null);
    setSale(null);
    if (!/^[1-9][0-9]{0,14}$/.test(number)) {
      setMessage({ tone: 'error', text: 'Enter the receipt number printed on the receipt.' });
      return;
    }
    try {
      setSale(await client.get(`/pos/receipts/${number}`, transactions.transactionView));
      setQuantities({});
    } catch (failure) {
      const unknown = failure instanceof ApiError && failure.code === 'not_found';
      setMessage({ tone: 'error', text: unknown ? `No sale has receipt number ${number}.` : describeError(failure) });
    }
  }

  async function refund(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!sale) return;
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    const lines = Object.entries(quantities)
      .filter(([, quantity]) => quantity > 0)
      .map(([sku, quantity]) => ({ sku, quantity }));
    const body = { lines, reason };
    setBusy(true);
    setMessage(null);
    try {
      const after = await actions.run(`refund:${sale.id}`, body, (idempotencyKey) =>
        client.post(`/pos/transactions/${sale.id}/refunds`, body, { idempotencyKey, schema: transactions.transactionView }),
      );
      const amount = after.refunds.at(-1)?.amountMinor ?? 0;
      setSale(after);
      setQuantities({});
      setMessage({ tone: 'success', text: `Refunded ${money(amount, after.currency)} to the customer, paid back the way they paid.` });
    } catch (failure) {
      setMessage({ tone: 'error', text: describeError(failure) });
    } finally {
      setBusy(false);
    }
  }

  const chosen = Object.values(quantities).reduce((n, q) => n + q, 0);
  return (
    <section aria-labelledby="refund-heading" className="mx-auto flex h-full w-full max-w-3xl flex-col gap-4 relative overflow-y-auto p-4">
      <h1 id="refund-heading" className="text-3xl font-bold">
        Refund a sale
      </h1>
      <form onSubmit={(event) => void find(event)} className="flex items-end gap-3">
        <Field label="Receipt number" name="receipt" inputMode="numeric" required autoFocus className="flex-1" />
        <Button type="submit" variant="primary">
          Find sale
        </Button>
      </form>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {sale ? (
        <form onSubmit={(event) => void refund(event)} className="flex flex-col gap-3 rounded-2xl bg-white p-5">
          <h2 className="text-2xl font-bold">
            Receipt {sale.receiptNumber} · {money(sale.totals.totalMinor, sale.currency)} · {sale.status.replace('_', ' ')}
          </h2>
          <ul aria-label="Lines of the sale" className="divide-y divide-slate-200">
            {sale.lines.map((line) => {
              const left = line.quantity - line.refundedQuantity;
              const quantity = quantities[line.sku] ?? 0;
              const set = (q: number) => setQuantities((all) => ({ ...all, [line.sku]: q }));
              return (
                <li key={line.lineNo} className="flex items-center gap-3 py-2 text-lg">
                  <span className="flex-1">
                    {line.name} · {line.quantity} sold{line.refundedQuantity > 0 ? `, ${line.refundedQuantity} refunded` : ''} · {money(line.lineTotalMinor, sale.currency)}
                  </span>
                  <Button aria-label={`Refund one fewer ${line.name}`} disabled={quantity === 0} className="min-h-12" onClick={() => set(quantity - 1)}>
                    −
                  </Button>
                  <output aria-label={`Units of ${line.name} to refund`} className="w-8 text-center text-xl font-bold">
                    {quantity}
                  </output>
                  <Button aria-label={`Refund one more ${line.name}`} disabled={quantity >= left} className="min-h-12" onClick={() => set(quantity + 1)}>
                    +
                  </Button>
                </li>
              );
            })}
          </ul>
          {REFUNDABLE.includes(sale.status) ? (
            <>
              <Field label="Reason for the refund" name="reason" required maxLength={500} />
              <Button type="submit" variant="danger" disabled={busy || chosen === 0}>
                {busy ? 'Refunding…' : `Refund ${chosen} ${chosen === 1 ? 'item' : 'items'}`}
              </Button>
            </>
          ) : (
            <p className="text-lg">This sale cannot be refunded ({sale.status.replace('_', ' ')}).</p>
          )}
        </form>
      ) : null}
      <Button onClick={onDone}>Back to selling</Button>
    </section>
  );
}
