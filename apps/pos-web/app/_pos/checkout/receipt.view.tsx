import type { transactions } from '@tillwire/contracts';
import { money } from '../money';
import type { PairedTerminal } from '../pairing/pairing.store';

const METHOD: Record<string, string> = { cash: 'Cash', card: 'Card', points: 'Points' };

/** The customer's receipt, on screen and on paper (the print style shows only this). */
export function ReceiptView({ transaction: t, terminal }: { transaction: transactions.TransactionView; terminal: PairedTerminal }) {
  const m = (minor: number) => money(minor, t.currency);
  const completed = t.statusHistory.findLast((change) => change.to === 'completed')?.at;
  const tendered = t.payments.filter((p) => p.status !== 'declined' && p.status !== 'reversed');
  return (
    <article aria-labelledby="receipt-heading" id="receipt" className="mx-auto w-full max-w-md bg-white p-6 font-mono text-base text-slate-900 shadow-sm print:max-w-none print:shadow-none">
      <h2 id="receipt-heading" className="text-center text-2xl font-bold">
        Receipt {t.receiptNumber}
      </h2>
      <p className="text-center">
        {terminal.name} · {t.terminalId} · {t.departmentCode}
      </p>
      {completed ? <p className="text-center">{new Date(completed).toLocaleString()}</p> : null}
      <table className="mt-4 w-full">
        <caption className="sr-only">Items</caption>
        <thead>
          <tr className="border-b border-slate-400 text-left">
            <th scope="col">Item</th>
            <th scope="col" className="text-right">
              Qty
            </th>
            <th scope="col" className="text-right">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {t.lines.map((line) => (
            <tr key={line.lineNo}>
              <td>{line.name}</td>
              <td className="text-right">{line.quantity}</td>
              <td className="text-right">{m(line.lineTotalMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="mt-4 grid grid-cols-2 border-t border-slate-400 pt-2">
        <dt>Subtotal</dt>
        <dd className="text-right">{m(t.totals.subtotalMinor)}</dd>
        {t.totals.discountMinor > 0 ? (
          <>
            <dt>Discount</dt>
            <dd className="text-right">−{m(t.totals.discountMinor)}</dd>
          </>
        ) : null}
        <dt className="text-xl font-bold">Total</dt>
        <dd className="text-right text-xl font-bold">{m(t.totals.totalMinor)}</dd>
        <dt>of which tax</dt>
        <dd className="text-right">{m(t.totals.taxMinor)}</dd>
        {tendered.map((p) => (
          <PaymentRow key={p.id} label={METHOD[p.method] ?? p.method} amount={m(p.tenderedMinor ?? p.amountMinor)} />
        ))}
        {t.changeMinor > 0 ? <PaymentRow label="Change" amount={m(t.changeMinor)} /> : null}
      </dl>
      {t.customerId ? <p className="mt-2">Member {t.customerId}</p> : null}
      <p className="mt-4 text-center">Thank you</p>
    </article>
  );
}

function PaymentRow({ label, amount }: { label: string; amount: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="text-right">{amount}</dd>
    </>
  );
}
