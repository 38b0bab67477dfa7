'use client';

import { useState } from 'react';
import { useConsole } from '../../_console/console-context';
import { RequirePermission } from '../../_console/require-permission';
import { PageHeader } from '../../_ui/page';
import { ConsistencyCheck } from './consistency-check';
import { MovementsSection } from './movements-section';
import { ReservationsSection } from './reservations-section';
import { StockChangeForms } from './stock-change-forms';
import { StockLevels } from './stock-levels';

function InventoryPage() {
  const { can } = useConsole();
  // Bumped by a receipt or adjustment: the levels and the ledger show it at once.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);
  return (
    <>
      <PageHeader title="Inventory" description="Stock levels at the main store, what checkouts hold, and the movements ledger behind them." />
      <StockLevels changes={changes} />
      {can('inventory.manage') && <StockChangeForms onChanged={changed} />}
      <ReservationsSection />
      <MovementsSection changes={changes} />
      {can('inventory.manage') && <ConsistencyCheck />}
    </>
  );
}

export default function Page() {
  return (
    <RequirePermission permission="catalog.read" title="Inventory">
      <InventoryPage />
    </RequirePermission>
  );
}
