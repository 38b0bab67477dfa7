'use client';

import Link from 'next/link';
import { useConsole } from './console-context';

/** A transaction's id, linking to its page and trace for the roles that may read traces. */
export function TransactionLink({ id }: { id: string }) {
  const { can } = useConsole();
  if (!can('traces.read')) return <span className="font-mono text-sm break-all">{id}</span>;
  return (
    <Link
      href={`/transactions/${id}`}
      className="font-mono text-sm break-all text-sky-800 underline focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-sky-500"
    >
      {id}
    </Link>
  );
}
