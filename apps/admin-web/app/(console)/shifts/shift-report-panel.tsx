'use client';

import { currencyExponent, parseDecimal, shifts } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { useConsole, useFormat } from '../../_console/console-context';
import { useAction } from '../../_console/use-action';
import { useApi } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { TextField } from '../../_ui/fields';
import { Section } from '../../_ui/page';

/** A shift's X report (open: its figures so far) or Z report (closed: final); an open one can be closed with the cash counted. */
export function ShiftReportPanel({ terminalId, shiftId, onClosed }: { terminalId: string; shiftId: string; onClosed(): void }) {
  const { client, can, store } = useConsole();
  const { money, dateTime } = useFormat();
  const base = `/pos/terminals/${encodeURIComponent(terminalId)}/shifts/${shiftId}`;
  const report = useApi(`${base}/report`, shifts.shiftReport);
  const close = useAction();
  const [counted, setCounted] = useState('');
  const [invalid, setInvalid] = useState(false);
  const r = report.data;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const countedCashMinor = parseDecimal(counted, currencyExponent(store.currency));
    setInvalid(countedCashMinor === null || countedCashMinor < 0);
    if (countedCashMinor === null || countedCashMinor < 0) return;
    const body = { countedCashMinor };
    const final = await close.run(body, (idempotencyKey) => client.post(`${base}/close`, body, { idempotencyKey, schema: shifts.shiftReport }));
    if (!final) return;
    report.set(final);
    onClosed();
  }

  const rows: Array<[string, string]> = r
    ? [
        ['Operator', r.operatorId],
        ['Opened', dateTime(r.openedAt)],
        ['Closed', r.closedAt ? dateTime(r.closedAt) : '—'],
        ['Sales', String(r.transactions)],
        ['Card', money(r.byMethod.card)],
        ['Points', money(r.byMethod.points)],
        ['Cash', money(r.byMethod.cash)],
        ['Opening float', money(r.openingFloatMinor)],
        ['Cash taken', money(r.cashSalesMinor)],
        ['Cash refunded', money(r.cashRefundsMinor)],
        ['Change given', money(r.changeGivenMinor)],
        ['Expected in drawer', money(r.expectedCashMinor)],
        ['Counted', r.countedCashMinor === null ? '—' : money(r.countedCashMinor)],
        ['Variance', r.varianceMinor === null ? '—' : money(r.varianceMinor)],
      ]
    : [];
  return (
    <Section title={r ? `${r.status === 'open' ? 'X' : 'Z'} report · shift #${r.shiftNumber} of ${terminalId}` : 'Shift report'}>
      {report.error && <ErrorNote error={report.error} title="The report could not be loaded" />}
      {r && (
        <dl className="grid max-w-xl grid-cols-[1fr_max-content] gap-x-8 gap-y-2 text-base">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-700">{label}</dt>
              <dd className="text-right font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {r?.status === 'open' && can('pos.sell') && (
        <form onSubmit={submit} className="mt-6 flex flex-wrap items-end gap-4 border-t border-slate-200 pt-6">
          <TextField label={`Cash counted (${store.currency})`} required inputMode="decimal" value={counted} onChange={(e) => setCounted(e.target.value)} />
          <Button type="submit" tone="danger" busy={close.busy}>
            Close shift (Z report)
          </Button>
          {invalid && <p role="alert" className="w-full text-red-800">Type the amount counted, e.g. 150.00.</p>}
          {close.error && <ErrorNote error={close.error} title="The shift was not closed" />}
        </form>
      )}
    </Section>
  );
}
