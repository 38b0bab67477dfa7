'use client';

import { inventory } from '@tillwire/contracts';
import { useState } from 'react';
import { useConsole, useFormat } from '../../../_console/console-context';
import { useAction } from '../../../_console/use-action';
import { useApi } from '../../../_console/use-api';
import { Button } from '../../../_ui/button';
import { ErrorNote } from '../../../_ui/error-note';
import { Section } from '../../../_ui/page';
import { StatusBadge } from '../../../_ui/status-badge';
import { EmptyRow, Table, Td, Th } from '../../../_ui/table';
import { ProductForm } from './product-form';

type Product = inventory.Product;

/** A department's products: add, change, and delete those that hold no stock. */
export function ProductsSection({ departmentCode }: { departmentCode: string }) {
  const { client, can } = useConsole();
  const { money } = useFormat();
  const products = useApi(`/admin/products?departmentCode=${departmentCode}`, inventory.listProductsResult);
  const removal = useAction();
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const manage = can('catalog.manage');

  async function remove(product: Product) {
    const path = `/admin/products/${encodeURIComponent(product.sku)}`;
    if ((await removal.run({ remove: path }, () => client.del(path).then(() => true))) === true) products.reload();
  }

  const saved = () => {
    setEditing(null);
    products.reload();
  };

  return (
    <Section title="Products" actions={manage && editing === null && <Button tone="primary" onClick={() => setEditing('new')}>New product</Button>}>
      {editing !== null && (
        <ProductForm departmentCode={departmentCode} product={editing === 'new' ? null : editing} onSaved={saved} onCancel={() => setEditing(null)} />
      )}
      {products.error && <ErrorNote error={products.error} title="Products could not be loaded" />}
      {removal.error && <ErrorNote error={removal.error} title="The product was not deleted" />}
      <Table
        caption={`Products of ${departmentCode}`}
        head={
          <>
            <Th>SKU</Th>
            <Th>Name</Th>
            <Th>Barcode</Th>
            <Th className="text-right">Price</Th>
            <Th className="text-right">Tax</Th>
            <Th>On sale</Th>
            {manage && <Th>Actions</Th>}
          </>
        }
      >
        {products.data?.products.length === 0 && <EmptyRow columns={manage ? 7 : 6}>No products in this department.</EmptyRow>}
        {products.data?.products.map((product) => (
          <tr key={product.sku}>
            <Td className="font-mono whitespace-nowrap">{product.sku}</Td>
            <Td>{product.name}</Td>
            <Td className="font-mono text-sm">{product.barcode ?? '—'}</Td>
            <Td className="text-right tabular-nums">{money(product.priceMinor)}</Td>
            <Td className="text-right tabular-nums">{product.taxRateBp / 100} %</Td>
            <Td>{product.active ? <StatusBadge tone="good">active</StatusBadge> : <StatusBadge tone="neutral">inactive</StatusBadge>}</Td>
            {manage && (
              <Td>
                <div className="flex flex-wrap gap-2">
                  <Button aria-label={`Edit ${product.name}`} onClick={() => setEditing(product)}>
                    Edit
                  </Button>
                  <Button tone="danger" aria-label={`Delete ${product.name}`} busy={removal.busy} onClick={() => void remove(product)}>
                    Delete
                  </Button>
                </div>
              </Td>
            )}
          </tr>
        ))}
      </Table>
    </Section>
  );
}
