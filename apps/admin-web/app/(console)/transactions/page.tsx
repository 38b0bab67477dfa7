'use client';

import { ApiError, transactions } from '@tillwire/contracts';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useConsole } from '../../_console/console-context';
import { RequirePermission } from '../../_console/require-permission';
import { asApiError } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { TextField } from '../../_ui/fields';
import { PageHeader, Section } from '../../_ui/page';

const TRANSACTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECEIPT_NUMBER = /^[1-9][0-9]{0,14}$/;

/** Finds a transaction by its id or by the number on its receipt, and opens it with its trace. */
function TransactionsPage() {
  const { client } = useConsole();
  const router = useRouter();
  const [wanted, setWanted] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  async function find(event: FormEvent) {
    event.preventDefault();
    const value = wanted.trim();
    setError(undefined);
    if (TRANSACTION_ID.test(value)) return router.push(`/transactions/${value.toLowerCase()}`);
    if (!RECEIPT_NUMBER.test(value)) {
      setError(new ApiError(400, 'validation_failed', 'Enter a transaction ID (a UUID) or a receipt number'));
      return;
    }
    setBusy(true);
    try {
      const found = await client.get(`/pos/receipts/${value}`, transactions.transactionView);
      router.push(`/transactions/${found.id}`);
    } catch (failure) {
      setError(asApiError(failure));
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        title="Transactions"
        description="A transaction with its trace: the request from the till through every service, broker hop and SQL statement, as a waterfall."
      />
      <Section title="Find a transaction">
        <form role="search" aria-label="Find a transaction" onSubmit={(e) => void find(e)} className="flex max-w-2xl flex-wrap items-end gap-4">
          <div className="min-w-80 flex-1">
            <TextField
              label="Transaction ID or receipt number"
              hint="The ID as the reconciliation or the audit log shows it, or the number printed on the receipt"
              value={wanted}
              onChange={(e) => setWanted(e.target.value)}
              autoComplete="off"
              required
            />
          </div>
          <Button type="submit" tone="primary" busy={busy}>
            Find transaction
          </Button>
        </form>
        {error && (
          <div className="mt-4">
            <ErrorNote error={error} title={error.status === 404 ? `No transaction has receipt ${wanted.trim()}` : 'The transaction could not be found'} />
          </div>
        )}
      </Section>
    </>
  );
}

export default function Page() {
  return (
    <RequirePermission permission="traces.read" title="Transactions">
      <TransactionsPage />
    </RequirePermission>
  );
}
