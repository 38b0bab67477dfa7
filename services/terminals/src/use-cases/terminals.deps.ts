import type { SqlExecutor } from '@tillwire/platform';
import type { CardTerminal } from '../adapters/card-terminal';
import type { DayFiguresSource } from '../clients/day-figures.client';
import type { LocationDirectory } from '../clients/locations.client';
import type { DepartmentDirectory } from '../clients/departments.client';
import type { OpenTransactions } from '../clients/transactions.client';
import type { CertificatesRepository } from '../db/certificates.repository';
import type { TerminalEvent, TerminalEventsRepository } from '../db/events.repository';
import type { TerminalsRepository } from '../db/terminals.repository';
import type { TerminalCa } from '../pki/terminal-ca';

/** What the terminals use cases run with; each takes the part it needs. */
export interface TerminalsDeps {
  /** The pool; only a removal opens a transaction on it. */
  readonly db: SqlExecutor;
  readonly terminals: TerminalsRepository;
  readonly terminalEvents: TerminalEventsRepository;
  /** Announces a committed lifecycle event (a `terminals.event` broadcast). */
  publishEvent(event: TerminalEvent): Promise<void>;
  readonly cardTerminal: CardTerminal;
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
