import { WebSocket, type RawData } from 'ws';
import { SALE_ID, type SessionIdentity, type TerminalCommand, type Vendor } from '../adapters/vendor-adapter';
import { DEFAULT_SLOW_MS, respond, settle, type Behaviour, type Handling } from './device-behaviour';
import { DeviceLedger, type LedgerPayment } from './device-ledger';
import { VENDOR_DEVICES } from './vendor-devices';

/** The first reconnect comes soon (a terminal that hung up mid-payment is back quickly), later ones back off. */
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 5_000;
/** How long `close()` waits for the listener to acknowledge the close before dropping the connection. */
const CLOSE_GRACE_MS = 1_000;

export interface SimulatorLogger {
  info(line: string): void;
  warn(line: string): void;
}

export interface TerminalSimulatorOptions {
  /** The listener's base URL, e.g. `wss://127.0.0.1:8443`; the session path is added to it. */
  readonly url: string;
  readonly terminalId: string;
  readonly vendor: Vendor;
  readonly behaviour?: Behaviour;
  /** The terminal's client certificate and key, and the CA its listener's certificate chains to. */
  readonly tls: { readonly certificatePem: string; readonly privateKeyPem: string; readonly caPem: string };
  /** How long a `slow` terminal keeps a payment in progress. */
  readonly slowMs?: number;
  readonly logger?: SimulatorLogger;
}

export interface TerminalSimulator {
  /** The payments the terminal received, as it decided them: the truth tests assert on. */
  ledger(): LedgerPayment[];
  /** Payments approved and not reversed. */
  approvedCount(): number;
  connected(): boolean;
  /** Resolves once a session is open; rejects if the simulator is closed first. */
  waitConnected(): Promise<void>;
  /** Ends the session (after a `shutdown` event) and stops reconnecting. */
  close(): Promise<void>;
}

const SILENT_LOGGER: SimulatorLogger = { info: () => undefined, warn: () => undefined };

/**
 * A terminal of Tillwire's simulator: connects over mTLS to the terminal listener, reports
 * `initialised`, and answers the gateway's commands in its vendor's protocol as its behaviour says.
 * Whenever its connection drops it reconnects with backoff, until `close()`.
 */
export function startTerminalSimulator(options: TerminalSimulatorOptions): TerminalSimulator {
  const { terminalId, vendor, behaviour = 'approve', slowMs = DEFAULT_SLOW_MS, logger = SILENT_LOGGER } = options;
  const { codec, paymentOf } = VENDOR_DEVICES[vendor];
  const identity: SessionIdentity = { terminalId, saleId: SALE_ID };
  const sessionUrl = new URL(`/terminals/${encodeURIComponent(terminalId)}/session`, options.url).toString();
  const ledger = new DeviceLedger(terminalId, paymentOf);
  const timers = new Set<NodeJS.Timeout>();
  const waiters: { resolve(): void; reject(error: Error): void }[] = [];
  let socket: WebSocket | undefined;
  let open = false;
  let closing = false;
  let failures = 0;

  const after = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };
  const send = (text: string): boolean => {
    if (!open || socket?.readyState !== WebSocket.OPEN) return false;
    socket.send(text);
    return true;
  };

  function connect(): void {
    const ws = new WebSocket(sessionUrl, { cert: options.tls.certificatePem, key: options.tls.privateKeyPem, ca: options.tls.caPem });
    let lastError: string | undefined;
    socket = ws;
    ws.on('open', () => {
      open = true;
      failures = 0;
      logger.info(`Terminal ${terminalId} (${vendor}, ${behaviour}) connected to ${sessionUrl}`);
      send(codec.encodeEvent({ kind: 'initialised' }, identity, new Date()));
      for (const waiter of waiters.splice(0)) waiter.resolve();
    });
    ws.on('message', (data) => received(textOf(data)));
    ws.on('error', (error) => (lastError = error.message));
    ws.on('close', (code) => {
      open = false;
      if (closing) return;
      const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** failures);
      failures += 1;
      logger.warn(`Terminal ${terminalId}: ${lastError ?? `connection closed (${code})`}; reconnecting in ${delay} ms`);
      after(delay, connect);
    });
  }

  function received(text: string): void {
    const inbound = codec.decode(text, identity);
    if (inbound.type === 'invalid') return logger.warn(`Terminal ${terminalId} could not read a message: ${inbound.reason}`);
    act(inbound.command, respond(ledger, behaviour, inbound.command, slowMs));
  }

  /** Acts on a handling of `received` and logs it; `delayed` when a slow payment is done. */
  function act(received: TerminalCommand, handling: Handling, delayed = false): void {
    const line = `Terminal ${terminalId} ← ${describe(received)}${delayed ? ', done' : ''}`;
    switch (handling.type) {
      case 'answer': {
        const sent = send(codec.encodeReply(handling.command, handling.reply, identity, new Date()));
        const to = handling.command === received ? '' : `${describe(handling.command)}: `;
        return logger.info(`${line} → ${to}${JSON.stringify(handling.reply)}${sent ? '' : ' (not sent: disconnected)'}`);
      }
      case 'silent':
        return logger.info(`${line} → no answer`);
      case 'hang-up':
        logger.info(`${line} → decided, hanging up before answering`);
        return socket?.terminate();
      case 'later':
        logger.info(`${line} → in progress for ${handling.afterMs} ms`);
        return after(handling.afterMs, () => act(received, settle(ledger, handling.serviceId), true));
    }
  }

  connect();
  return {
    ledger: () => ledger.payments(),
    approvedCount: () => ledger.approvedCount(),
    connected: () => open,
    waitConnected() {
      if (open) return Promise.resolve();
      if (closing) return Promise.reject(new Error(`Terminal simulator ${terminalId} is closed`));
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`Terminal simulator ${terminalId} is closed`));
      const ws = socket;
      if (!ws || ws.readyState === WebSocket.CLOSED) return;
      send(codec.encodeEvent({ kind: 'shutdown' }, identity, new Date()));
      await new Promise<void>((resolve) => {
        const drop = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
        ws.once('close', () => {
          clearTimeout(drop);
          resolve();
        });
        ws.close(1000, 'shutdown');
      });
    },
  };
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

function describe(command: TerminalCommand): string {
  switch (command.kind) {
    case 'pay':
      return `pay ${command.serviceId} ${command.amountMinor} ${command.currency}`;
    case 'status':
    case 'abort':
      return `${command.kind} ${command.serviceId} of ${command.ofServiceId}`;
    case 'reverse':
      return `reverse ${command.serviceId} of ${command.ofServiceId} (${command.reference})`;
    case 'refund':
      return `refund ${command.serviceId} ${command.amountMinor} ${command.currency} of ${command.reference}`;
    case 'login':
    case 'print':
    case 'totals':
      return `${command.kind} ${command.serviceId}`;
  }
}
