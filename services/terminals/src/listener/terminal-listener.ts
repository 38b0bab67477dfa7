import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { terminals } from '@tillwire/contracts';
import { WebSocketServer, type WebSocket } from 'ws';
import { handshakeRejection, type ConnectionClaim, type ListenerRejection } from '../domain/listener-rejection';
import type { Vendor } from '../adapters/vendor-adapter';
import type { SessionHandle, SessionSocket } from '../gateway/terminal-gateway';
import type { Authorisation, PeerCertificate } from '../use-cases/authorise-connection';
import { countRejection } from './listener-metrics';
import type { ListenerCounters } from './listener-stats';

const SESSION_PATH = /^\/terminals\/([^/]+)\/session$/;
const VENDOR_EVENTS_PATH = /^\/vendor\/([^/]+)\/events$/;
const MAX_BODY_BYTES = 256 * 1024;

export interface TerminalListenerOptions {
  readonly host: string;
  readonly port: number;
  /** The listener's own certificate and key, and the CA client certificates must chain to. */
  readonly tls: { readonly certificatePem: string; readonly privateKeyPem: string; readonly caPem: string };
  authorise(peer: PeerCertificate, claim: ConnectionClaim): Promise<Authorisation>;
  /** A terminal's first session opened, or its last one closed. */
  connectionChanged(terminalId: string, status: 'online' | 'offline'): Promise<void>;
  /** A session opened: the gateway serves it from now on. */
  sessionOpened(terminalId: string, vendor: Vendor, socket: SessionSocket): SessionHandle;
  /** A vendor cloud posted events; accepted once they are on their durable channel. */
  vendorPosted(vendor: string, body: unknown): Promise<{ accepted: number } | { invalid: string }>;
  /** Where accepted and refused connections are counted. */
  readonly counters: ListenerCounters;
  readonly logger: { info(message: string): void; warn(message: string): void; error(message: string, error?: unknown): void };
}

export interface TerminalListener {
  readonly address: { host: string; port: number };
  close(): Promise<void>;
}

/**
 * The mTLS endpoint terminals and vendor clouds connect to. OpenSSL refuses peers without a valid
 * certificate of Tillwire's CA; the registry then decides per connection (revocation, CN, claim).
 */
export async function startTerminalListener(options: TerminalListenerOptions): Promise<TerminalListener> {
  const { logger, counters } = options;
  const sessions = new Map<string, Set<WebSocket>>();
  const pending = new Set<Promise<void>>();
  /** Per terminal, the last of its recordings: each waits for the one before, so messages keep their order. */
  const recordings = new Map<string, Promise<void>>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });

  const refuse = (remote: string, reason: ListenerRejection, detail: string): void => {
    counters.reject(reason);
    countRejection(reason);
    logger.warn(`Terminal listener refused ${remote}: ${reason} (${detail})`);
  };
  const record = (terminalId: string, work: () => Promise<void>): void => {
    const settled = (recordings.get(terminalId) ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) => logger.error(`A message or event of terminal ${terminalId} was not handled`, error));
    recordings.set(terminalId, settled);
    pending.add(settled);
    void settled.finally(() => {
      pending.delete(settled);
      if (recordings.get(terminalId) === settled) recordings.delete(terminalId);
    });
  };
  const check = async (req: IncomingMessage, claim: ConnectionClaim): Promise<Vendor | undefined> => {
    const peer = peerOf(req.socket as TLSSocket);
    const verdict = await options.authorise(peer, claim);
    if (verdict.ok) return verdict.vendor;
    refuse(remoteOf(req.socket), verdict.rejection, `CN=${peer.commonName} serial=${peer.serialNumber} claims ${JSON.stringify(claim)}`);
    return undefined;
  };

  const server: Server = createServer(
    {
      cert: options.tls.certificatePem,
      key: options.tls.privateKeyPem,
      ca: options.tls.caPem,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => void vendorEvents(req, res).catch((error: unknown) => fail(res, error)),
  );

  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    const reason = handshakeRejection(error.code, (socket.authorizationError as unknown as string | null | undefined));
    refuse(remoteOf(socket), reason, String(socket.authorizationError ?? error.code ?? error.message));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    void session(req, socket, head).catch((error: unknown) => {
      logger.error('Terminal session could not be opened', error);
      socket.destroy();
    });
  });

  async function session(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const terminalId = terminals.terminalId.safeParse(SESSION_PATH.exec(pathOf(req))?.[1] ?? '');
    if (!terminalId.success) return answerUpgrade(socket, 404, 'Not Found');
    const vendor = await check(req, { terminalId: terminalId.data });
    if (!vendor) return answerUpgrade(socket, 403, 'Forbidden');
    if (socket.destroyed) return;
    const remote = remoteOf(socket);
    sockets.handleUpgrade(req, socket, head, (ws) => opened(terminalId.data, vendor, ws, remote));
  }

  function opened(terminalId: string, vendor: Vendor, ws: WebSocket, remote: string): void {
    counters.accepted += 1;
    counters.openSessions += 1;
    const open = sessions.get(terminalId) ?? new Set();
    sessions.set(terminalId, open.add(ws));
    if (open.size === 1) {
      counters.onlineTerminals += 1;
      record(terminalId, () => options.connectionChanged(terminalId, 'online'));
    }
    logger.info(`Terminal ${terminalId} (${vendor}) connected from ${remote}`);
    const handle = options.sessionOpened(terminalId, vendor, {
      send: (text) => ws.send(text),
      close: () => ws.close(1008, 'refused by the gateway'),
    });
    ws.on('message', (data, isBinary) => record(terminalId, () => handle.received(isBinary ? '' : rawText(data))));
    ws.on('close', () => {
      record(terminalId, () => handle.closed());
      counters.openSessions -= 1;
      open.delete(ws);
      if (open.size > 0) return;
      sessions.delete(terminalId);
      counters.onlineTerminals -= 1;
      record(terminalId, () => options.connectionChanged(terminalId, 'offline'));
      logger.info(`Terminal ${terminalId} disconnected`);
    });
  }

  /** Vendor clouds post their terminals' events here; each is acknowledged once it is on its durable channel. */
  async function vendorEvents(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const vendor = VENDOR_EVENTS_PATH.exec(pathOf(req))?.[1];
    if (req.method !== 'POST' || vendor === undefined) return answer(res, 404, { error: { code: 'not_found', message: 'No such endpoint' } });
    if (!(await check(req, { vendor }))) {
      return answer(res, 403, { error: { code: 'forbidden', message: 'This certificate may not post events for that vendor' } });
    }
    const body = await readBody(req);
    if (body === undefined) return answer(res, 413, { error: { code: 'payload_too_large', message: 'Bodies are limited to 256 kB' } });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return answer(res, 400, { error: { code: 'validation_failed', message: 'The body is not JSON' } });
    }
    const outcome = await options.vendorPosted(vendor, parsed);
    if ('invalid' in outcome) return answer(res, 400, { error: { code: 'validation_failed', message: outcome.invalid } });
    answer(res, 202, outcome);
  }

  function fail(res: ServerResponse, error: unknown): void {
    logger.error('Vendor event request failed', error);
    if (!res.headersSent) answer(res, 503, { error: { code: 'dependency_unavailable', message: 'Try again later' } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  logger.info(`Terminal listener on https://${options.host}:${port} (mTLS)`);

  return {
    address: { host: options.host, port },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of sockets.clients) client.terminate();
      server.closeAllConnections();
      await closed;
      // The last sessions' offline updates finish before the database may close.
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}

function peerOf(socket: TLSSocket): PeerCertificate {
  const certificate = socket.getPeerCertificate();
  const commonName = certificate.subject?.CN;
  return {
    commonName: Array.isArray(commonName) ? (commonName[0] ?? '') : (commonName ?? ''),
    serialNumber: certificate.serialNumber?.toUpperCase() ?? '',
    fingerprint: certificate.fingerprint256 ?? '',
  };
}

function rawText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'https://listener').pathname;
}

function remoteOf(socket: Socket): string {
  return `${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? '?'}`;
}

function answerUpgrade(socket: Socket, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** The body as text, or undefined when it is larger than the limit. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
