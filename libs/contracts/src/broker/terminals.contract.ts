import { z } from 'zod';
import { code, minorUnits, nonNegativeMinor, requiredText, uuid } from '../primitives';

/** Broker actions of the terminals service. Errors travel with `type` = TerminalsErrorCode. */
export const TerminalsActions = {
  list: 'terminals.list',
  /** `{refresh?}` → every terminal with today's sales figures (cached 30 s by transactions; refresh recomputes). */
  listWithToday: 'terminals.listWithToday',
  get: 'terminals.get',
  create: 'terminals.create',
  update: 'terminals.update',
  /** Deletes a terminal without open transactions, with its events and certificates; broadcasts `changed`. */
  remove: 'terminals.remove',
  /** `{departmentCode} → {count}`: terminals bound to a department. */
  count: 'terminals.count',
  pay: 'terminals.pay',
  reverse: 'terminals.reverse',
  refund: 'terminals.refund',
  /** `{terminalId, groupBy}` → the terminal's own totals since its last reconciliation. */
  totals: 'terminals.totals',
  /** `{from, to, after?, upTo?}` → the approved pay commands sent in the window for a slice of transactions (reconciliation). */
  dayPayments: 'terminals.dayPayments',
  /** `{}` → every terminal, and whether a node holds its session (reconciliation). */
  roster: 'terminals.roster',
  /** Internal: writes a stored command to the session this node holds (the command channel's last hop). */
  deliver: 'terminals.deliver',
  /** `{terminalId}` → a new client certificate and its private key, shown this once; earlier ones expire after the overlap. */
  issueCertificate: 'terminals.issueCertificate',
  listCertificates: 'terminals.listCertificates',
  revokeCertificate: 'terminals.revokeCertificate',
  /** `{}` → `{certificatePem}`: Tillwire's terminal CA, which vendors trust and sign nothing with. */
  caCertificate: 'terminals.caCertificate',
  /** `{}` → this node's mTLS listener: address, open sessions, accepted and rejected handshakes by reason. */
  listenerStats: 'terminals.listenerStats',
  /** `{terminalId, afterId?}` → `{events}`: the terminal's last lifecycle events (after `afterId` when given), oldest first. */
  listEvents: 'terminals.listEvents',
} as const;

/** Broadcast by the terminals service; the transactions service caches terminal bindings until it hears one. */
export const TerminalsEvents = {
  /** A terminal was renamed, moved to another department or removed: `{ id }`. */
  changed: 'terminals.changed',
  /** A terminal's lifecycle event, once it is committed: a `TerminalEvent`. */
  event: 'terminals.event',
  /** Internal: a stored command was answered or failed, `{terminalId, serviceId}`; wakes its waiters. */
  commandSettled: 'terminals.commandSettled',
} as const;

/** Durable channels of the terminal gateway: retried with backoff, dead-lettered after the last attempt. */
export const TerminalsChannels = {
  /** `{terminalId, serviceId, kind}`: a stored command to write to the terminal's session. */
  commands: 'terminals.commands',
  /** `{vendor, terminalId, event}`: an event a vendor cloud posted, to record. */
  vendorEvents: 'terminals.vendor-events',
} as const;

export enum TerminalsErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  AlreadyExists = 'already_exists',
  InvalidState = 'invalid_state',
  /** The terminal did not answer; the attempt's outcome is unknown until its status is queried. */
  TerminalUnavailable = 'terminal_unavailable',
}

export const terminalId = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -');

export const terminal = z.object({
  id: terminalId,
  name: requiredText(120),
  departmentCode: code,
  locationCode: code,
  vendor: z.enum(['simulator', 'nexo']),
  status: z.enum(['online', 'offline', 'busy', 'error']),
  lastSeenAt: z.string().nullable(),
});
export type Terminal = z.infer<typeof terminal>;

export const listTerminalsResult = z.object({ terminals: z.array(terminal) });

/** Completed sales of a store day, net of that day's refunds (so the total may be negative). */
export const dayFigures = z.object({ count: z.number().int().min(0), totalMinor: minorUnits });
export type DayFigures = z.infer<typeof dayFigures>;
export const terminalWithToday = terminal
  .pick({ id: true, name: true, departmentCode: true, status: true, lastSeenAt: true })
  .extend({ today: dayFigures });
export type TerminalWithToday = z.infer<typeof terminalWithToday>;
export const listWithTodayParams = z.object({ refresh: z.boolean().default(false) });
export const listWithTodayResult = z.object({ terminals: z.array(terminalWithToday) });
export const getTerminalParams = z.object({ id: terminalId });
export const terminalChangedEvent = getTerminalParams;
export const createTerminalParams = terminal
  .pick({ id: true, name: true, departmentCode: true, vendor: true })
  .extend({ locationCode: code.default('MAIN') });
/** terminals.remove answers with the terminal as it was. */
export const removeTerminalParams = getTerminalParams;
/** `invalid_state` details of a terminal that cannot be removed while transactions on it are unfinished. */
export const terminalHasOpenTransactions = z.object({ reason: z.literal('open_transactions'), count: z.number().int().min(1) });
export type TerminalHasOpenTransactions = z.infer<typeof terminalHasOpenTransactions>;
export const countTerminalsParams = z.object({ departmentCode: code });
export const countTerminalsResult = z.object({ count: z.number().int().min(0) });
export const updateTerminalParams = z.object({
  id: terminalId,
  name: requiredText(120).optional(),
  departmentCode: code.optional(),
});

/**
 * One card authorisation on a terminal. `serviceId` (nexo ServiceID, 1-10 characters, unique per
 * terminal) is chosen and stored by the caller before the call, so a retry asks about the same attempt.
 */
export const payParams = z.object({
  terminalId,
  transactionId: uuid,
  paymentId: uuid,
  serviceId: z.string().min(1).max(10),
  amountMinor: nonNegativeMinor.min(1),
  currency: z.string().length(3),
});
/**
 * `failed`: this attempt charged nothing and never will (the terminal never saw it, or refused the
 * request itself), so a new attempt under a new ServiceID may start; `reason` says which:
 * `not_found`, `refused`, or `undeliverable` (no session could carry it: the terminal is offline).
 */
export const payResult = z.object({
  outcome: z.enum(['approved', 'declined', 'failed']),
  /** Terminal's reference of the approved payment; needed to reverse or refund it. */
  reference: z.string().nullable(),
  reason: z.string().optional(),
});
export type PayResult = z.infer<typeof payResult>;

export const reverseParams = z.object({ terminalId, paymentId: uuid, serviceId: z.string().min(1).max(10) });
export const terminalRefundParams = z.object({
  terminalId,
  paymentId: uuid,
  refundId: uuid,
  reference: z.string(),
  amountMinor: nonNegativeMinor.min(1),
  currency: z.string().length(3),
});

export const commandAddress = z.object({ terminalId, serviceId: z.string().min(1).max(10) });
export const commandMessage = commandAddress.extend({ kind: z.string().max(16) });

export const totalsParams = z.object({
  terminalId,
  groupBy: z.array(z.enum(['poi', 'operator', 'shift'])).max(3).default(['poi']),
});
export const totalsGroup = z.object({
  poiId: z.string().optional(),
  operatorId: z.string().optional(),
  shiftNumber: z.number().int().optional(),
  currency: z.string(),
  debitCount: z.number().int(),
  debitMinor: nonNegativeMinor,
  creditCount: z.number().int(),
  creditMinor: nonNegativeMinor,
});
export const totalsResult = z.object({ terminalId, groups: z.array(totalsGroup) });

/** Serial numbers are upper-case hex, as TLS peers report them. */
export const certificateSerial = z.string().regex(/^[0-9A-F]{2,64}$/, 'upper-case hex');

/** A terminal's client certificate as the registry keeps it: never with a private key. */
export const terminalCertificate = z.object({
  serialNumber: certificateSerial,
  terminalId,
  /** SHA-256 of the DER certificate, colon-separated hex. */
  fingerprint: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  /** When it stopped (or, after a rotation, will stop) being accepted; null while it has no end but notAfter. */
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
  certificatePem: z.string(),
});
export type TerminalCertificate = z.infer<typeof terminalCertificate>;

export const issueCertificateParams = z.object({ terminalId });
export const issuedCertificate = z.object({
  certificate: terminalCertificate,
  /**
   * PKCS#8 PEM of the certificate's key. Tillwire never stores it: only the first answer carries it,
   * a replay of the same request answers null.
   */
  privateKeyPem: z.string().nullable(),
  /** Earlier certificates of the terminal, now ending at the close of the rotation overlap. */
  superseded: z.array(terminalCertificate),
});
export type IssuedCertificate = z.infer<typeof issuedCertificate>;

export const listCertificatesParams = z.object({ terminalId });
export const listCertificatesResult = z.object({ certificates: z.array(terminalCertificate) });
export const revokeCertificateParams = z.object({ terminalId, serialNumber: certificateSerial, reason: requiredText(200) });
export const caCertificateResult = z.object({ certificatePem: z.string() });

/** Why the mTLS listener turned a connection or request away. */
export const listenerRejection = z.enum([
  'no_certificate',
  'unknown_ca',
  'expired',
  'revoked',
  /** Signed by Tillwire's CA but not a certificate the registry issued (or kept). */
  'unknown_certificate',
  'unknown_terminal',
  'terminal_mismatch',
  'vendor_mismatch',
  /** Any other TLS failure: no TLS at all, a protocol or cipher mismatch, a peer that hung up. */
  'handshake_failed',
]);
export type ListenerRejection = z.infer<typeof listenerRejection>;
export const listenerStats = z.object({
  nodeId: z.string(),
  address: z.object({ host: z.string(), port: z.number().int() }).nullable(),
  openSessions: z.number().int(),
  accepted: z.number().int(),
  rejected: z.record(listenerRejection, z.number().int()),
});
export type ListenerStats = z.infer<typeof listenerStats>;

/** What happened to a terminal: its sessions opening and closing, and what its sessions report. */
export const terminalEventType = z.enum(['connected', 'disconnected', 'printed', 'error', 'ack']);
export type TerminalEventType = z.infer<typeof terminalEventType>;
/** Event ids are the table's bigserial, as decimal text (they may outgrow a double). */
export const terminalEventId = z
  .string()
  .regex(/^[0-9]{1,19}$/, 'a decimal event id')
  .refine((id) => /^[0-9]{1,19}$/.test(id) && BigInt(id) <= 9_223_372_036_854_775_807n, 'a decimal event id');
/** A persisted lifecycle event, as `terminals.event` broadcasts it and `terminals.listEvents` lists it. */
export const terminalEvent = z.object({
  id: terminalEventId,
  terminalId,
  type: terminalEventType,
  payload: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});
export type TerminalEvent = z.infer<typeof terminalEvent>;
export const listEventsParams = z.object({
  terminalId,
  afterId: terminalEventId.optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export const listEventsResult = z.object({ events: z.array(terminalEvent) });
