'use client';

import { inventory } from '@tillwire/contracts';
import { useState } from 'react';
import type { z } from 'zod';
import { useConsole } from '../../_console/console-context';
import { useAction } from '../../_console/use-action';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { Notice, Section } from '../../_ui/page';
import { Table, Td, Th } from '../../_ui/table';

type Result = z.infer<typeof inventory.consistencyResult>;

/** Replays the movements ledger against every stock row, on demand (it reads the whole ledger). */
export function ConsistencyCheck() {
  const { client } = useConsole();
  const action = useAction();
  const [result, setResult] = useState<Result | null>(null);

  async function check() {
    const answer = await action.run({ check: Date.now() }, () => client.get('/admin/stock/consistency', inventory.consistencyResult));
    if (answer) setResult(answer);
  }

  return (
    <Section
      title="Consistency check"
      actions={
        <Button tone="primary" busy={action.busy} onClick={() => void check()}>
          Run consistency check
        </Button>
      }
    >
      <p className="mb-4 text-base text-slate-600">Every stock row must equal the sum of its movements: on hand and reserved alike.</p>
      {action.error && <ErrorNote error={action.error} title="The check did not run" />}
      {result && result.mismatches.length === 0 && <Notice>{result.checked} stock rows checked: every one matches its ledger.</Notice>}
      {result && result.mismatches.length > 0 && (
        <>
          <p role="alert" className="mb-4 rounded-lg bg-red-50 p-4 text-base font-semibold text-red-900">
            {result.mismatches.length} of {result.checked} stock rows differ from their ledger.
          </p>
          <Table
            caption="Stock rows that differ from their ledger"
            head={
              <>
                <Th>SKU</Th>
                <Th>Location</Th>
                <Th className="text-right">On hand</Th>
                <Th className="text-right">Ledger on hand</Th>
                <Th className="text-right">Reserved</Th>
                <Th className="text-right">Ledger reserved</Th>
              </>
            }
          >
            {result.mismatches.map((m) => (
              <tr key={`${m.locationCode}/${m.sku}`}>
                <Td className="font-mono">{m.sku}</Td>
                <Td>{m.locationCode}</Td>
                <Td className="text-right tabular-nums">{m.onHand}</Td>
                <Td className="text-right tabular-nums">{m.ledgerOnHand}</Td>
                <Td className="text-right tabular-nums">{m.reserved}</Td>
                <Td className="text-right tabular-nums">{m.ledgerReserved}</Td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </Section>
  );
}
