'use client';

import { transactions } from '@tillwire/contracts';
import { useFormat } from '../../../_console/console-context';
import { TransactionLink } from '../../../_console/transaction-link';
import { useApi } from '../../../_console/use-api';
import { ErrorNote } from '../../../_ui/error-note';
import { Status } from '../../../_ui/status-badge';

/** What the transaction ledger recorded of one transaction: status, total and payments. */
export function TransactionDetails({ id }: { id: string }) {
  const { money, dateTime } = useFormat();
  const loaded = useApi(`/pos/transactions/${id}`, transactions.transactionView);
  const t = loaded.data;
  if (loaded.error) return <ErrorNote error={loaded.error} title={`Transaction ${id} could not be loaded`} />;
  if (!t) return <p role="status">Loading transaction…</p>;
  return (
    <div className="mt-2 w-80 space-y-1 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm">
      <p>
        <TransactionLink id={t.id} />
      </p>
      <p>
        Receipt {t.receiptNumber} on {t.terminalId} · <Status value={t.status} />
      </p>
      <p>Total {money(t.totals.totalMinor)}</p>
      <ul>
        {t.payments.map((p) => (
          <li key={p.id}>
            {p.method} {money(p.amountMinor)} · {p.status}
            {p.reference && <span className="font-mono"> · {p.reference}</span>}
          </li>
        ))}
      </ul>
      <p className="text-slate-600">Last change {dateTime(t.statusHistory.at(-1)?.at ?? null)}</p>
    </div>
  );
}
