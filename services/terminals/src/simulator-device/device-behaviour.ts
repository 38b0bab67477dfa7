import type { TerminalCommand, TerminalReply } from '../adapters/vendor-adapter';
import type { DeviceLedger, PayCommand } from './device-ledger';

/**
 * How the simulated terminal treats payments; every other command it answers at once and honestly.
 * - approve: decides by the simulator's rules (amounts ending in 51 decline) and answers.
 * - decline: declines every new payment with `card_declined`.
 * - timeout: never receives the payment: no answer, nothing in the ledger, status says not_found.
 * - drop-response: decides the payment but never answers; status says processed with that answer.
 * - disconnect-mid-payment: decides the payment, then hangs up instead of answering.
 * - slow: keeps the payment in progress for `slowMs` (status says in_progress, abort stops it), then answers.
 */
export const BEHAVIOURS = ['approve', 'decline', 'timeout', 'drop-response', 'disconnect-mid-payment', 'slow'] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];
export const DEFAULT_SLOW_MS = 5_000;

/** What the terminal does next. An answer may be to an earlier command: an abort is answered by the payment it stops. */
export type Handling =
  | { readonly type: 'answer'; readonly command: TerminalCommand; readonly reply: TerminalReply }
  | { readonly type: 'silent' }
  | { readonly type: 'hang-up' }
  /** Call `settle` for the payment `serviceId` after `afterMs`. */
  | { readonly type: 'later'; readonly serviceId: string; readonly afterMs: number };

const SILENT: Handling = { type: 'silent' };
const answer = (command: TerminalCommand, reply: TerminalReply): Handling => ({ type: 'answer', command, reply });

/** Decides, against the terminal's ledger, what it does with a command. No I/O and no timers: the caller acts. */
export function respond(ledger: DeviceLedger, behaviour: Behaviour, command: TerminalCommand, slowMs: number): Handling {
  switch (command.kind) {
    case 'login':
      return answer(command, { kind: 'login', ok: true });
    case 'pay':
      return pay(ledger, behaviour, command, slowMs);
    case 'status':
      return answer(command, ledger.status(command.ofServiceId));
    case 'abort': {
      const stopped = ledger.abort(command.ofServiceId);
      return stopped ? answer(stopped.command, stopped.reply) : SILENT;
    }
    case 'reverse':
      return answer(command, ledger.reverse(command));
    case 'refund':
      return answer(command, ledger.refund(command));
    case 'print':
      return answer(command, { kind: 'print', outcome: 'printed' });
    case 'totals':
      return answer(command, ledger.totals(command));
  }
}

/** The end of a slow payment; silent when an abort stopped it first. */
export function settle(ledger: DeviceLedger, serviceId: string): Handling {
  const settled = ledger.settle(serviceId);
  return settled ? answer(settled.command, settled.reply) : SILENT;
}

function pay(ledger: DeviceLedger, behaviour: Behaviour, command: PayCommand, slowMs: number): Handling {
  // A repeat of a payment in progress gets the first one's answer when it comes.
  if (ledger.isInProgress(command.serviceId)) return SILENT;
  switch (behaviour) {
    case 'approve':
    case 'decline':
      return answer(command, ledger.pay(command, { declineAll: behaviour === 'decline' }));
    case 'timeout':
      return SILENT;
    case 'drop-response':
      ledger.pay(command, { declineAll: false });
      return SILENT;
    case 'disconnect-mid-payment':
      ledger.pay(command, { declineAll: false });
      return { type: 'hang-up' };
    case 'slow':
      ledger.begin(command);
      return { type: 'later', serviceId: command.serviceId, afterMs: slowMs };
  }
}
