'use client';

import { formatMoney, type reports } from '@tillwire/contracts';
import { TransactionLink } from '../../../_console/transaction-link';
import { Section } from '../../../_ui/page';
import { Status } from '../../../_ui/status-badge';
import { EmptyRow, Table, Td, Th } from '../../../_ui/table';

type Line = reports.ReconciliationView['terminals'][number];

/** Expected against reported per terminal or department; a line's mismatching transactions unfold beneath it. */
export function LinesTable({ title, keyLabel, lines, currency }: { title: string; keyLabel: string; lines: readonly Line[]; currency: string }) {
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <Section title={title}>
      <Table
        caption={`${title}: expected against reported`}
        head={
          <>
            <Th>{keyLabel}</Th>
            <Th className="text-right">Expected</Th>
            <Th className="text-right">Reported</Th>
            <Th className="text-right">Variance</Th>
            <Th>Status</Th>
            <Th>Mismatching transactions</Th>
          </>
        }
      >
        {lines.length === 0 && <EmptyRow columns={6}>Nothing to reconcile.</EmptyRow>}
        {lines.map((line) => (
          <tr key={line.key}>
            <Td className="font-mono">{line.key}</Td>
            <Td className="text-right tabular-nums">{money(line.expectedMinor)}</Td>
            <Td className="text-right tabular-nums">{money(line.reportedMinor)}</Td>
            <Td className="text-right tabular-nums">
              {money(line.varianceMinor)}
              {line.varianceBp !== null && <span className="block text-sm text-slate-600">{line.varianceBp / 100} %</span>}
            </Td>
            <Td>
              <Status value={line.status} />
              {line.reason && <span className="mt-1 block text-sm text-slate-700">{line.reason}</span>}
            </Td>
            <Td>
              {line.mismatchingTransactionIds.length === 0 ? (
                'none'
              ) : (
                <details>
                  <summary className="cursor-pointer font-semibold text-sky-800">{line.mismatchingTransactionIds.length} transactions</summary>
                  <ul className="mt-2 space-y-1">
                    {line.mismatchingTransactionIds.map((id) => (
                      <li key={id}>
                        <TransactionLink id={id} />
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </Td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
