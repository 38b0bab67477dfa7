'use client';
import type { transactions } from '@tillwire/contracts';
import { useEffect, useState } from 'react';
import { items, money } from '../money';
import type { TerminalStatus } from '../terminal-status.hook';
import { Button } from '../ui/button';
import { Notice } from '../ui/notice';
import type { Cart } from './cart.state';
import type { CheckoutFlow, Payment } from './checkout.flow';
import { PaymentProgress } from './payment-progress';
import { TenderForm } from './tender.form';

const METHOD: Record<Payment['method'], string> = { cash: 'Cash', card: 'Card', points: 'Points' };

/** Taking the money for a reserved sale: one or more payments summing to the total, then the terminal's progress. */
export function PaymentScreen({
  flow,
  cart,
  terminalStatus,
  onVoid,
}: {
  flow: CheckoutFlow;
  cart: Cart;
  terminalStatus: TerminalStatus;
  onVoid: () => void;
}) {
  const transaction = flow.transaction!;
  const [payments, setPayments] = useState<Payment[]>([]);
  const paid = payments.reduce((sum, p) => sum + p.amountMinor, 0);
  const total = transaction.totals.totalMinor;
  const remaining = Math.max(total - paid, 0);
  const m = (minor: number) => money(minor, transaction.currency);
  const card = payments.some((p) => p.method === 'card');
  const { problem, busy, stage } = flow;

  // A declined card takes its payments off; what the customer paid otherwise stays to be reused.
  useEffect(() => {
    if (stage === 'declined') setPayments((list) => list.filter((p) => p.method !== 'card'));
  }, [stage]);

  return (
    <div className="grid h-full grid-cols-[1fr_22rem] gap-4 p-4">
      <section aria-labelledby="pay-heading" className="flex flex-col gap-4 relative overflow-y-auto rounded-2xl bg-white p-5">
        <h2 id="pay-heading" className="text-2xl font-bold">
          Payment · receipt {transaction.receiptNumber}
        </h2>
        <Totals transaction={transaction} m={m} />
        <ul aria-label="Payments" className="flex flex-col gap-2">
          {payments.map((p, index) => (
            <li key={index} className="flex items-center gap-3 rounded-xl bg-slate-100 px-3 py-2 text-lg">
              <span className="flex-1">
                {METHOD[p.method]} {m(p.amountMinor)}
                {p.tenderedMinor !== undefined ? ` · received ${m(p.tenderedMinor)} · change ${m(p.tenderedMinor - p.amountMinor)}` : ''}
              </span>
              <Button
                variant="danger"
                aria-label={`Remove ${METHOD[p.method]} payment of ${m(p.amountMinor)}`}
                disabled={busy}
                className="min-h-12"
                onClick={() => setPayments((list) => list.filter((_, i) => i !== index))}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
        <p className="flex justify-between text-2xl font-bold" aria-live="polite">
          <span>Still to pay</span>
          <span>{m(remaining)}</span>
        </p>
        <TenderForm
          remainingMinor={remaining}
          currency={transaction.currency}
          member={cart.member}
          disabled={busy}
          onAdd={(payment) => setPayments((list) => [...list, payment])}
        />
      </section>
      <aside aria-label="Payment status" className="flex flex-col gap-3 relative overflow-y-auto rounded-2xl bg-white p-5">
        <PaymentProgress stage={stage} card={card || stage === 'declined'} terminalStatus={terminalStatus} />
        {problem ? (
          <Notice tone="error">
            <p>{problem.message}</p>
            <div className="mt-2 flex flex-wrap gap-2">
              {problem.retryable ? (
                <Button variant="primary" onClick={flow.retry}>
                  Retry
                </Button>
              ) : null}
              {problem.reReserve ? (
                <Button variant="primary" onClick={() => void flow.reserve(cart)}>
                  Re-reserve
                </Button>
              ) : null}
            </div>
          </Notice>
        ) : null}
        <Button variant="success" className="min-h-16 text-2xl" disabled={busy || remaining !== 0 || payments.length === 0} onClick={() => void flow.pay(cart, payments)}>
          {busy ? 'Working…' : `Take ${m(total)}`}
        </Button>
        <Button disabled={busy} onClick={() => void flow.backToCart()}>
          Cancel payment, back to sale
        </Button>
        <Button variant="danger" disabled={busy || transaction.status !== 'reserved'} onClick={onVoid}>
          Void sale (supervisor)
        </Button>
      </aside>
    </div>
  );
}

function Totals({ transaction: t, m }: { transaction: transactions.TransactionView; m: (minor: number) => string }) {
  const expires = t.reservationExpiresAt ? new Date(t.reservationExpiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : null;
  return (
    <dl className="grid grid-cols-2 gap-y-1 text-lg">
      <dt>{items(t.lines.reduce((n, l) => n + l.quantity, 0))}</dt>
      <dd className="text-right">{m(t.totals.subtotalMinor)}</dd>
      {t.totals.discountMinor > 0 ? (
        <>
          <dt>Discount</dt>
          <dd className="text-right">−{m(t.totals.discountMinor)}</dd>
        </>
      ) : null}
      <dt>Tax included</dt>
      <dd className="text-right">{m(t.totals.taxMinor)}</dd>
      <dt className="text-2xl font-bold">Total</dt>
      <dd className="text-right text-2xl font-bold" data-testid="sale-total">
        {m(t.totals.totalMinor)}
      </dd>
      {expires && t.status === 'reserved' ? (
        <>
          <dt className="text-base text-slate-700">Stock held until</dt>
          <dd className="text-right text-base text-slate-700">{expires}</dd>
        </>
      ) : null}
    </dl>
  );
}
