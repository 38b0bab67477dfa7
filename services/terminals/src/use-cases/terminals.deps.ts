import type { SqlExecutor } from '@tillwire/platform';
import type { DayFiguresSource } from '../clients/day-figures.client';
import type { LocationDirectory } from '../clients/locations.client';
import type { DepartmentDirectory } from '../clients/departments.client';
import type { OpenTransactions } from '../clients/transactions.client';
import type { CertificatesRepository } from '../db/certificates.repository';
import type { CommandsRepository } from '../db/commands.repository';
import type { TerminalEvent, TerminalEventsRepository } from '../db/events.repository';
import type { TerminalsRepository } from '../db/terminals.repository';
import type { CommandWaiters, SettledCommand } from '../gateway/command-waiters';
import type { TerminalCa } from '../pki/terminal-ca';

/** What the terminals use cases run with; each takes the part it needs. */
export interface TerminalsDeps {
  /** The pool; only a removal opens a transaction on it. */
  readonly db: SqlExecutor;
  readonly terminals: TerminalsRepository;
  readonly terminalEvents: TerminalEventsRepository;
  /** Announces a committed lifecycle event (a `terminals.event` broadcast). */
  publishEvent(event: TerminalEvent): Promise<void>;
  readonly commands: CommandsRepository;
  /** The durable channel that carries stored commands to the node holding the terminal's session. */
  readonly commandChannel: { dispatch(message: CommandMessage): Promise<void> };
  readonly waiters: CommandWaiters;
  /** Announces to every node that a stored command was settled (a `commandSettled` broadcast). */
  settled(command: SettledCommand): Promise<void>;
  readonly timeouts: {
    /** A command still queued after this was never sent: the terminal is unreachable. */
    readonly deliveryMs: number;
    /** How long a payment or refund may take on the terminal. */
    readonly paymentMs: number;
    /** How long any other answer may take. */
    readonly commandMs: number;
  };
  readonly certificates: CertificatesRepository;
  readonly ca: TerminalCa;
  /** How long a terminal's previous certificates stay valid after it gets a new one. */
  readonly certOverlapSeconds: number;
}

/** Other services, reached over the broker in the context of the call being served. */
export interface TerminalsPeers {
  readonly departments: DepartmentDirectory;
  readonly locations: LocationDirectory;
  readonly openTransactions: OpenTransactions;
  readonly dayFigures: DayFiguresSource;
}

/** What the command channel carries: which stored command to deliver. */
export interface CommandMessage {
  readonly terminalId: string;
  readonly serviceId: string;
  readonly kind: string;
}
