'use client';

import { currencyExponent, formatDecimal, inventory, parseDecimal } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { useConsole } from '../../../_console/console-context';
import { useAction } from '../../../_console/use-action';
import { Button } from '../../../_ui/button';
import { ErrorNote } from '../../../_ui/error-note';
import { CheckField, TextField } from '../../../_ui/fields';

/** Tax rates are typed in percent with up to two decimals: basis points. */
const PERCENT_SCALE = 2;

/** A new product of the department, or changes to one; price and tax typed as decimals, sent as integers. */
export function ProductForm({
  departmentCode,
  product,
  onSaved,
  onCancel,
}: {
  departmentCode: string;
  product: inventory.Product | null;
  onSaved(): void;
  onCancel(): void;
}) {
  const { client, store } = useConsole();
  const digits = currencyExponent(store.currency);
  const action = useAction();
  const [form, setForm] = useState({
    sku: product?.sku ?? '',
    name: product?.name ?? '',
    barcode: product?.barcode ?? '',
    price: product ? formatDecimal(product.priceMinor, digits) : '',
    tax: product ? formatDecimal(product.taxRateBp, PERCENT_SCALE) : '',
    active: product?.active ?? true,
  });
  const [invalid, setInvalid] = useState<string | null>(null);
  const text = (name: 'sku' | 'name' | 'barcode' | 'price' | 'tax') => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value }),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const priceMinor = parseDecimal(form.price, digits);
    const taxRateBp = parseDecimal(form.tax, PERCENT_SCALE);
    if (priceMinor === null || priceMinor < 0) return setInvalid(`Price must be an amount with at most ${digits} decimals`);
    if (taxRateBp === null || taxRateBp < 0 || taxRateBp > 10_000) return setInvalid('Tax rate must be a percentage from 0 to 100');
    setInvalid(null);
    const fields = { name: form.name, barcode: form.barcode.trim() || null, priceMinor, taxRateBp, active: form.active };
    const saved = product
      ? await action.run(fields, () => client.put(`/admin/products/${encodeURIComponent(product.sku)}`, fields, { schema: inventory.product }))
      : await action.run({ ...fields, sku: form.sku }, (idempotencyKey) =>
          client.post('/admin/products', { ...fields, sku: form.sku, departmentCode }, { idempotencyKey, schema: inventory.product }),
        );
    if (saved) onSaved();
  }

  return (
    <form onSubmit={submit} className="mb-6 grid max-w-3xl grid-cols-2 gap-5 rounded-xl border border-slate-200 bg-slate-50 p-5">
      <h3 className="col-span-2 text-lg font-semibold">{product ? `Edit ${product.sku}` : 'New product'}</h3>
      <TextField label="SKU" required maxLength={64} disabled={product !== null} {...text('sku')} />
      <TextField label="Product name" required maxLength={200} {...text('name')} />
      <TextField label="Barcode" maxLength={64} inputMode="numeric" hint="EAN-13 or empty" {...text('barcode')} />
      <TextField label={`Price (${store.currency})`} required inputMode="decimal" {...text('price')} />
      <TextField label="Tax rate (%)" required inputMode="decimal" {...text('tax')} />
      <CheckField label="On sale (active)" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />
      <div className="col-span-2 space-y-4">
        {invalid && <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-900">{invalid}</p>}
        {action.error && <ErrorNote error={action.error} title="The product was not saved" />}
        <div className="flex gap-3">
          <Button type="submit" tone="primary" busy={action.busy}>
            Save product
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </div>
      </div>
    </form>
  );
}
