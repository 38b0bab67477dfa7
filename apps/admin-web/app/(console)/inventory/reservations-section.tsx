'use client';

import { inventory } from '@tillwire/contracts';
import { useFormat } from '../../_console/console-context';
import { TransactionLink } from '../../_console/transaction-link';
import { useApi } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { Section } from '../../_ui/page';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';

/** Stock held by checkouts in progress, soonest to expire first. */
export function ReservationsSection() {
  const { dateTime } = useFormat();
  const live = useApi('/admin/stock/reservations', inventory.listReservationsResult);
  return (
    <Section title="Live reservations" actions={<Button busy={live.loading} onClick={live.reload}>Refresh reservations</Button>}>
      {live.error && <ErrorNote error={live.error} title="Reservations could not be loaded" />}
      <Table
        caption="Active reservations, soonest to expire first"
        head={
          <>
            <Th>Transaction</Th>
            <Th>SKU</Th>
            <Th>Location</Th>
            <Th className="text-right">Quantity</Th>
            <Th>Reserved at</Th>
            <Th>Expires at</Th>
          </>
        }
      >
        {live.data?.reservations.length === 0 && <EmptyRow columns={6}>No checkout holds stock right now.</EmptyRow>}
        {live.data?.reservations.map((r) => (
          <tr key={r.id}>
            <Td>
              <TransactionLink id={r.transactionId} />
            </Td>
            <Td className="font-mono whitespace-nowrap">{r.sku}</Td>
            <Td>{r.locationCode}</Td>
            <Td className="text-right tabular-nums">{r.quantity}</Td>
            <Td className="whitespace-nowrap">{dateTime(r.createdAt)}</Td>
            <Td className="whitespace-nowrap">{dateTime(r.expiresAt)}</Td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
