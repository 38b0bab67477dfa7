import type { TerminalStatus } from '../terminal-status.hook';
import type { Stage } from './checkout.flow';

const STEPS = [
  { key: 'reserved', label: 'Reserved' },
  { key: 'waiting_for_card', label: 'Waiting for card' },
  { key: 'authorised', label: 'Approved' },
  { key: 'printing', label: 'Printing' },
  { key: 'done', label: 'Done' },
] as const;

const REACHED: Record<Stage, number> = { reserving: 0, waiting_for_card: 1, completing: 2, declined: 2, printing: 3, done: 4 };

/**
 * Where the payment is, step by step, as the terminal reports it; a screen reader hears each
 * change. A declined card marks the approval step failed.
 */
export function PaymentProgress({ stage, card, terminalStatus }: { stage: Stage | null; card: boolean; terminalStatus: TerminalStatus }) {
  // Reserved and waiting for the operator's choice: the first step is done, nothing runs yet.
  const current = stage === null ? 1 : REACHED[stage];
  const working = stage !== null && stage !== 'done' && stage !== 'declined';
  const summary = stage === null ? 'Reserved: choose how the customer pays' : describe(stage, terminalStatus);
  return (
    <section aria-labelledby="progress-heading" className="flex flex-col gap-3">
      <h3 id="progress-heading" className="text-xl font-bold">
        Progress
      </h3>
      <ol className="flex flex-col gap-1">
        {STEPS.map((step, index) => {
          const skipped = !card && (step.key === 'waiting_for_card' || step.key === 'printing');
          const failed = stage === 'declined' && step.key === 'authorised';
          const done = !skipped && (index < current || (index === current && stage === 'done'));
          const running = !skipped && index === current && working;
          const label = failed ? 'Declined' : step.label;
          const state = skipped ? 'not needed' : failed ? 'failed' : done ? 'done' : running ? 'in progress' : 'to do';
          return (
            <li
              key={step.key}
              aria-current={running ? 'step' : undefined}
              className={`flex items-center gap-3 rounded-xl px-3 py-1.5 text-lg ${
                failed ? 'bg-red-100 text-red-900' : done ? 'bg-emerald-50 text-emerald-900' : running ? 'bg-sky-100 font-semibold text-sky-900' : 'text-slate-700'
              }`}
            >
              <span aria-hidden="true" className="w-6 text-center">
                {failed ? '✕' : done ? '✓' : running ? '…' : '○'}
              </span>
              <span>
                {label} <span className="sr-only">({state})</span>
              </span>
              {skipped ? <span className="ml-auto text-sm">not needed</span> : null}
            </li>
          );
        })}
      </ol>
      <p role="status" aria-live="polite" className="text-lg font-medium">
        {summary}
      </p>
    </section>
  );
}

function describe(stage: Stage, terminal: TerminalStatus): string {
  switch (stage) {
    case 'reserving':
      return 'Reserving the stock…';
    case 'waiting_for_card':
      return terminal === 'offline'
        ? 'The terminal is offline: the payment is confirmed once it is back. Do not take the card again.'
        : 'Waiting for the card on the terminal…';
    case 'completing':
      return 'Taking the payment…';
    case 'declined':
      return 'Choose another payment: the sale is kept.';
    case 'printing':
      return 'Approved. The terminal is printing the receipt…';
    case 'done':
      return 'Sale complete.';
  }
}
