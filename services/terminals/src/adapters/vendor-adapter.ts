import type { terminals } from '@tillwire/contracts';

export type Vendor = terminals.Terminal['vendor'];

/** How Tillwire names itself to terminals as their sale system (nexo SaleID). */
export const SALE_ID = 'TILLWIRE';

/**
 * Who speaks on a session: the terminal (nexo POIID) and Tillwire as its sale system (nexo SaleID).
 */
export interface SessionIdentity {
  readonly terminalId: string;
  readonly saleId: string;
}

/**
 * What the gateway asks of a terminal, whatever its vendor. Every command carries its own
 * `serviceId` (nexo ServiceID: 1-10 characters, unique per terminal for 48 hours); a terminal's
 * reply names the `serviceId` of the command it answers. `ofServiceId` names an earlier payment.
 * References are the terminal's own, opaque to everyone but the adapter that issued them.
 */
export type TerminalCommand =
  /** The first command on every session: the sale system introduces itself. */
  | { readonly kind: 'login'; readonly serviceId: string }
  | {
      readonly kind: 'pay';
      readonly serviceId: string;
      readonly transactionId: string;
      readonly amountMinor: number;
      readonly currency: string;
      readonly operatorId?: string;
      readonly shiftNumber?: number;
    }
  /** What became of the payment `ofServiceId`: nexo TransactionStatusRequest. */
  | { readonly kind: 'status'; readonly serviceId: string; readonly ofServiceId: string }
  /** Stop the payment `ofServiceId` while it is in progress; terminals send no reply to it. */
  | { readonly kind: 'abort'; readonly serviceId: string; readonly ofServiceId: string; readonly reason: string }
  /** Undo the approved payment `ofServiceId` in full (nexo ReversalRequest). */
  | {
      readonly kind: 'reverse';
      readonly serviceId: string;
      readonly ofServiceId: string;
      readonly reference: string;
      readonly amountMinor: number;
      readonly currency: string;
    }
  /** Pay back part or all of an approved payment, by its reference. */
  | {
      readonly kind: 'refund';
      readonly serviceId: string;
      readonly reference: string;
      readonly amountMinor: number;
      readonly currency: string;
    }
  | {
      readonly kind: 'print';
      readonly serviceId: string;
      readonly document: 'customer_receipt' | 'sale_receipt';
      readonly lines: readonly string[];
    }
  /** Totals since the terminal's last reconciliation, grouped as asked. */
  | { readonly kind: 'totals'; readonly serviceId: string; readonly groupBy: readonly TotalsGrouping[] };

export type TerminalCommandKind = TerminalCommand['kind'];
export type TotalsGrouping = 'poi' | 'operator' | 'shift';

/** The outcome of a payment as the terminal reports it; `refused` means the request itself was wrong. */
export interface PayReply {
  readonly kind: 'pay';
  readonly outcome: 'approved' | 'declined' | 'refused';
  /** The terminal's reference of an approved payment; null otherwise. */
  readonly reference: string | null;
  /** Why it was declined or refused: `card_declined`, `aborted`, `service_id_reused` … */
  readonly reason?: string;
}

export interface TotalsGroup {
  readonly poiId?: string;
  readonly operatorId?: string;
  readonly shiftNumber?: number;
  readonly currency: string;
  readonly debitCount: number;
  readonly debitMinor: number;
  readonly creditCount: number;
  readonly creditMinor: number;
}

export type TerminalReply =
  | { readonly kind: 'login'; readonly ok: boolean; readonly detail?: string }
  | PayReply
  | { readonly kind: 'status'; readonly state: 'in_progress' | 'not_found' }
  /** The payment was processed: its original reply, repeated. */
  | { readonly kind: 'status'; readonly state: 'processed'; readonly original: PayReply }
  | {
      readonly kind: 'reverse';
      readonly outcome: 'reversed' | 'not_found' | 'refused';
      readonly reference: string | null;
      readonly reason?: string;
    }
  | {
      readonly kind: 'refund';
      readonly outcome: 'approved' | 'declined' | 'refused';
      readonly reference: string | null;
      readonly reason?: string;
    }
  | { readonly kind: 'print'; readonly outcome: 'printed' | 'failed'; readonly reason?: string }
  | { readonly kind: 'totals'; readonly groups: readonly TotalsGroup[] };

/** A vendor event mapped onto Tillwire's lifecycle events; `vendorEvent` keeps the vendor's own name. */
export interface MappedEvent {
  readonly type: 'ack' | 'error' | 'printed';
  readonly payload: Readonly<Record<string, unknown>> & { readonly vendorEvent: string };
}

/** What the gateway reads off a session. */
export type Inbound =
  | { readonly type: 'reply'; readonly serviceId: string; readonly reply: TerminalReply }
  | { readonly type: 'event'; readonly event: MappedEvent }
  | { readonly type: 'invalid'; readonly reason: string };

/**
 * The gateway's side of a vendor protocol: turns commands into the vendor's messages and the
 * vendor's messages into replies and events. Pure: no I/O, and the clock only as passed in.
 */
export interface VendorAdapter {
  readonly vendor: Vendor;
  /** Whether the terminal answers this command; an abort, for one, is answered by the payment it stops. */
  expectsReply(kind: TerminalCommandKind): boolean;
  encode(command: TerminalCommand, session: SessionIdentity, now: Date): string;
  decode(text: string, session: SessionIdentity): Inbound;
  /** A vendor cloud's POST to `/vendor/{vendor}/events`: the events it carries, each with its terminal. */
  decodeVendorPost(body: unknown): VendorPost;
}

export type VendorPost =
  | { readonly ok: true; readonly events: readonly { readonly terminalId: string; readonly event: MappedEvent }[] }
  | { readonly ok: false; readonly reason: string };

/** Something a terminal reports of its own accord. */
export type DeviceEvent =
  | { readonly kind: 'initialised' }
  | { readonly kind: 'shutdown' }
  | { readonly kind: 'out_of_order'; readonly detail: string }
  /** The terminal could not read a message it was sent. */
  | { readonly kind: 'reject'; readonly detail: string }
  | { readonly kind: 'printed'; readonly document: string };

/** The terminal's side of a vendor protocol, for Tillwire's terminal simulator. Pure like the adapter. */
export interface DeviceCodec {
  readonly vendor: Vendor;
  decode(text: string, device: SessionIdentity): DeviceInbound;
  encodeReply(command: TerminalCommand, reply: TerminalReply, device: SessionIdentity, now: Date): string;
  encodeEvent(event: DeviceEvent, device: SessionIdentity, now: Date): string;
}

export type DeviceInbound =
  | { readonly type: 'command'; readonly command: TerminalCommand }
  | { readonly type: 'invalid'; readonly reason: string };
