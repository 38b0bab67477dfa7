'use client';
import type { loyalty } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { amountText, exampleAmount, money, parseAmount } from '../money';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';
import type { Payment } from './checkout.flow';

type Method = Payment['method'];
const LABELS: Record<Method, string> = { cash: 'Cash', card: 'Card', points: 'Points' };

/**
 * Adds one payment of a (possibly split) sale: its method and amount (the rest of the total by
 * default); cash takes what the customer handed over, points what the member's balance pays.
 */
export function TenderForm({
  remainingMinor,
  currency,
  member,
  disabled,
  onAdd,
}: {
  remainingMinor: number;
  currency: string;
  member: loyalty.Member | null;
  disabled: boolean;
  onAdd: (payment: Payment) => void;
}) {
  const [method, setMethod] = useState<Method>('cash');
  const [error, setError] = useState<string | null>(null);

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const amount = parseAmount(String(form.get('amount') ?? ''), currency);
    const tendered = String(form.get('tendered') ?? '').trim();
    const tenderedMinor = tendered ? parseAmount(tendered, currency) : undefined;
    const problem = checkTender(method, amount, tendered !== '' && tenderedMinor === undefined, tenderedMinor, remainingMinor, member, currency);
    setError(problem);
    if (problem || amount === undefined) return;
    onAdd({ method, amountMinor: amount, ...(tenderedMinor !== undefined ? { tenderedMinor } : {}) });
    event.currentTarget.reset();
  }

  return (
    <section aria-labelledby="tender-heading" className="flex flex-col gap-3">
      <h3 id="tender-heading" className="text-xl font-bold">
        Add a payment
      </h3>
      <div role="group" aria-label="Payment method" className="grid grid-cols-3 gap-2">
        {(['cash', 'card', 'points'] as const).map((m) => (
          <Button
            key={m}
            variant={method === m ? 'primary' : 'secondary'}
            aria-pressed={method === m}
            disabled={disabled || (m === 'points' && !member)}
            onClick={() => {
              setMethod(m);
              setError(null);
            }}
          >
            {LABELS[m]}
          </Button>
        ))}
      </div>
      {!member ? <p className="text-sm text-slate-700">Points need a loyalty member on the sale.</p> : null}
      <form onSubmit={add} className="flex flex-col gap-3" key={`${method}-${remainingMinor}`}>
        <div className="grid grid-cols-2 gap-3">
          <Field label={`${LABELS[method]} amount`} name="amount" inputMode="decimal" defaultValue={amountText(remainingMinor, currency)} required disabled={disabled} />
          {method === 'cash' ? <Field label="Cash received" name="tendered" inputMode="decimal" hint="Leave empty for the exact amount" disabled={disabled} /> : null}
          {method === 'points' && member ? (
            <p className="self-end pb-3 text-base">
              {member.balancePoints} points, worth {money(member.redeemableMinor, currency)}
            </p>
          ) : null}
        </div>
        {error ? <Notice tone="error">{error}</Notice> : null}
        <Button type="submit" disabled={disabled || remainingMinor === 0}>
          Add {LABELS[method].toLowerCase()} payment
        </Button>
      </form>
    </section>
  );
}

function checkTender(
  method: Method,
  amount: number | undefined,
  badTendered: boolean,
  tendered: number | undefined,
  remainingMinor: number,
  member: loyalty.Member | null,
  currency: string,
): string | null {
  if (amount === undefined || amount === 0) return `Enter an amount such as ${exampleAmount(12, currency)}.`;
  if (amount > remainingMinor) return `That is more than the ${amountText(remainingMinor, currency)} still to pay.`;
  if (badTendered) return `Enter the cash received as an amount such as ${exampleAmount(20, currency)}.`;
  if (tendered !== undefined && tendered < amount) return 'The cash received must cover the cash amount.';
  if (method === 'points' && member) {
    if (amount > member.redeemableMinor) return 'The member does not have enough points for that.';
    if (amount % member.pointValueMinor !== 0) return `Points pay in steps of ${amountText(member.pointValueMinor, currency)}.`;
  }
  return null;
}
