'use client';
import { useState, type FormEvent } from 'react';
import { amountText, exampleAmount, parseAmount } from '../money';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';
import type { CartDiscount } from './cart.state';

/** A discount on the whole sale: a whole percent or an amount. Above the store's threshold a supervisor approves it when the sale is reserved. */
export function DiscountDialog({
  current,
  currency,
  onApply,
  onClose,
}: {
  current: CartDiscount | null;
  currency: string;
  onApply: (d: CartDiscount | null) => void;
  onClose: () => void;
}) {
  const [type, setType] = useState<CartDiscount['type']>(current?.type ?? 'percent');
  const [error, setError] = useState<string | null>(null);
  const initial = current ? (current.type === 'percent' ? String(current.value) : amountText(current.value, currency)) : '';

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('value') ?? '');
    const value = type === 'percent' ? (/^\d{1,3}$/.test(text.trim()) ? Number(text) : undefined) : parseAmount(text, currency);
    if (value === undefined || (type === 'percent' && value > 100)) {
      setError(type === 'percent' ? 'Enter a whole percent from 0 to 100.' : `Enter an amount such as ${exampleAmount(2, currency)}.`);
      return;
    }
    onApply(value === 0 ? null : { type, value });
  }

  return (
    <Dialog title="Discount" onClose={onClose}>
      <div role="group" aria-label="Kind of discount" className="grid grid-cols-2 gap-3">
        <Button variant={type === 'percent' ? 'primary' : 'secondary'} aria-pressed={type === 'percent'} onClick={() => setType('percent')}>
          Percent
        </Button>
        <Button variant={type === 'fixed' ? 'primary' : 'secondary'} aria-pressed={type === 'fixed'} onClick={() => setType('fixed')}>
          Amount
        </Button>
      </div>
      <form onSubmit={apply} className="flex flex-col gap-4" key={type}>
        <Field
          label={type === 'percent' ? 'Discount in percent' : 'Discount amount'}
          name="value"
          inputMode="decimal"
          defaultValue={current?.type === type ? initial : ''}
          required
          autoFocus
        />
        {error ? <Notice tone="error">{error}</Notice> : null}
        <div className="grid grid-cols-3 gap-3">
          <Button onClick={onClose}>Cancel</Button>
          <Button onClick={() => onApply(null)} disabled={!current}>
            Remove
          </Button>
          <Button type="submit" variant="primary">
            Apply
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
