'use client';

import { formatMoney, type reports } from '@tillwire/contracts';
import { useState } from 'react';
import { Button } from '../../../_ui/button';
import { Section } from '../../../_ui/page';
import { EmptyRow, Table, Td, Th } from '../../../_ui/table';
import { TransactionDetails } from './transaction-details';

type Mismatch = reports.ReconciliationView['mismatches'][number];

/** Every mismatch by kind; a mismatching transaction opens in place to show what it recorded. */
export function MismatchesTable({ mismatches, currency }: { mismatches: readonly Mismatch[]; currency: string }) {
  const [open, setOpen] = useState<string | null>(null);
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, currency));
  return (
    <Section title="Mismatches">
      <Table
        caption="What does not match, by kind"
        head={
          <>
            <Th>Kind</Th>
            <Th>Scope</Th>
            <Th>Key</Th>
            <Th>Transaction</Th>
            <Th className="text-right">Expected</Th>
            <Th className="text-right">Reported</Th>
          </>
        }
      >
        {mismatches.length === 0 && <EmptyRow columns={6}>Everything matches.</EmptyRow>}
        {mismatches.map((m, i) => (
          <tr key={`${m.kind}/${m.key}/${m.transactionId ?? m.reference ?? i}`}>
            <Td>{m.kind}</Td>
            <Td>{m.scope}</Td>
            <Td className="font-mono">{m.key}</Td>
            <Td>
              {m.transactionId ? (
                <>
                  <Button aria-expanded={open === m.transactionId} onClick={() => setOpen(open === m.transactionId ? null : m.transactionId)}>
                    <span className="font-mono text-sm">{m.transactionId.slice(0, 8)}</span>
                  </Button>
                  {open === m.transactionId && <TransactionDetails id={m.transactionId} />}
                </>
              ) : (
                (m.reference ?? '—')
              )}
            </Td>
            <Td className="text-right tabular-nums">{money(m.expectedMinor)}</Td>
            <Td className="text-right tabular-nums">{money(m.reportedMinor)}</Td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
