import { createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import tls from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { deadLetters, departments, terminals } from '@tillwire/contracts';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import type { Context } from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CA_FILE, loadOrCreateCa } from '../pki/ca-store';
import { createCertificateAuthority, issueClientCertificate, type CertificateAuthority } from '../pki/x509-issuer';

const { TerminalsActions: T } = terminals;
const PASSPHRASE = 'a-test-passphrase-of-32-characters!';
const quiet = { info: () => undefined, warn: () => undefined };
interface Credentials {
  cert: string;
  key: string;
}
type Outcome = { open: true; socket: WebSocket } | { open: false };

/** A node with departments, inventory and terminals, its listener on a free port and its CA in `caDir`. */
async function startNode(caDir: string, env: Record<string, string> = {}): Promise<TestNode> {
  const node = await startTestNode(['departments', 'inventory', 'terminals'], {
    TERMINAL_LISTEN_PORT: '0',
    TERMINAL_CA_DIR: caDir,
    CA_KEY_PASSPHRASE: PASSPHRASE,
    ...env,
  });
  await node.database.db.sql.execute("INSERT INTO inventory.locations (code, name) VALUES ('MAIN', 'Main store')");
  await node.broker.call(departments.DepartmentsActions.create, { code: 'GROCERY', name: 'Grocery' });
  for (const id of ['T1', 'T2']) await node.broker.call(T.create, { id, name: `Till ${id}`, departmentCode: 'GROCERY', vendor: 'simulator' });
  return node;
}

const stats = (node: TestNode) => node.broker.call<terminals.ListenerStats, object>(T.listenerStats, {});
const issue = async (node: TestNode, terminalId: string): Promise<Credentials & { serial: string }> => {
  const issued = await node.broker.call<terminals.IssuedCertificate, object>(T.issueCertificate, { terminalId });
  return { cert: issued.certificate.certificatePem, key: issued.privateKeyPem!, serial: issued.certificate.serialNumber };
};

/** Opens a session on a real TLS socket; resolves once it is open or refused. */
async function connect(node: TestNode, sessionOf: string, credentials?: Credentials): Promise<Outcome> {
  const { address } = await stats(node);
  const ca = await node.broker.call<{ certificatePem: string }, object>(T.caCertificate, {});
  const socket = new WebSocket(`wss://127.0.0.1:${address!.port}/terminals/${sessionOf}/session`, { ca: ca.certificatePem, ...credentials });
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ open: true, socket }));
    socket.once('error', () => resolve({ open: false }));
  });
}

/** Connects and expects a refusal counted under `reason`. */
async function expectRefused(node: TestNode, sessionOf: string, credentials: Credentials | undefined, reason: terminals.ListenerRejection) {
  const before = (await stats(node)).rejected[reason];
  expect(await connect(node, sessionOf, credentials)).toEqual({ open: false });
  await expect.poll(async () => (await stats(node)).rejected[reason]).toBe(before + 1);
}

async function expectAccepted(node: TestNode, sessionOf: string, credentials: Credentials): Promise<WebSocket> {
  const outcome = await connect(node, sessionOf, credentials);
  if (!outcome.open) throw new Error(`session of ${sessionOf} was refused`);
  return outcome.socket;
}

const status = async (node: TestNode, id: string) => (await node.broker.call<terminals.Terminal, object>(T.get, { id })).status;

describe('terminal mTLS listener', () => {
  let caDir: string;
  let node: TestNode;
  let ca: CertificateAuthority;
  const now = Date.now();

  beforeAll(async () => {
    caDir = await mkdtemp(path.join(os.tmpdir(), 'tillwire-ca-'));
    // Vendor events that cannot be recorded become dead letters within the test.
    node = await startNode(caDir, { CHANNEL_MAX_RETRIES: '2', CHANNEL_RETRY_BASE_MS: '10', TERMINAL_SERVER_NAMES: 'terminals.store.example' });
    // The test's own access to the CA, as an operator holding the passphrase has.
    ca = await loadOrCreateCa({ dir: caDir, passphrase: PASSPHRASE, logger: quiet });
  });
  afterAll(async () => {
    await node?.stop();
    await rm(caDir, { recursive: true, force: true });
  });

  it('refuses a peer without a certificate', async () => {
    await expectRefused(node, 'T1', undefined, 'no_certificate');
  });

  it('refuses a certificate of another CA', async () => {
    const other = await createCertificateAuthority(new Date());
    const foreign = await issueClientCertificate(other, 'T1', { notBefore: new Date(now - 60_000), notAfter: new Date(now + 3_600_000) });
    await expectRefused(node, 'T1', { cert: foreign.certificatePem, key: foreign.privateKeyPem }, 'unknown_ca');
  });

  it('refuses an expired certificate', async () => {
    const expired = await issueClientCertificate(ca, 'T1', { notBefore: new Date(now - 7_200_000), notAfter: new Date(now - 3_600_000) });
    await expectRefused(node, 'T1', { cert: expired.certificatePem, key: expired.privateKeyPem }, 'expired');
  });

  it('refuses a certificate whose CN is not a registered terminal', async () => {
    const ghost = await issueClientCertificate(ca, 'GHOST', { notBefore: new Date(now - 60_000), notAfter: new Date(now + 3_600_000) });
    await expectRefused(node, 'GHOST', { cert: ghost.certificatePem, key: ghost.privateKeyPem }, 'unknown_terminal');
  });

  it("refuses a valid certificate on another terminal's session", async () => {
    await expectRefused(node, 'T2', await issue(node, 'T1'), 'terminal_mismatch');
  });

  it('proves itself under the names of TERMINAL_SERVER_NAMES and loopback, and under no other', async () => {
    const { address } = await stats(node);
    const { certificatePem } = await node.broker.call<{ certificatePem: string }, object>(T.caCertificate, {});
    const { cert, key } = await issue(node, 'T1');
    const handshake = (servername: string) =>
      new Promise<string>((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port: address!.port, servername, ca: certificatePem, cert, key });
        socket.once('secureConnect', () => {
          socket.destroy();
          resolve('verified');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
    expect(await handshake('terminals.store.example')).toBe('verified');
    expect(await handshake('localhost')).toBe('verified');
    expect(await handshake('elsewhere.store.example')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('accepts a registered terminal: online while its session is open, offline after it closes', async () => {
    const socket = await expectAccepted(node, 'T1', await issue(node, 'T1'));
    await expect.poll(() => status(node, 'T1')).toBe('online');
    const seen = (await node.broker.call<terminals.Terminal, object>(T.get, { id: 'T1' })).lastSeenAt;
    expect(seen).not.toBeNull();
    socket.close();
    await expect.poll(() => status(node, 'T1')).toBe('offline');
    expect((await stats(node)).openSessions).toBe(0);
  });

  it('logs the terminal in, persists its lifecycle events with status and lastSeenAt, publishes them, and ignores what it cannot read', async () => {
    const heard: terminals.TerminalEvent[] = [];
    const spy = node.broker.createService({
      name: 'event-spy',
      events: { [terminals.TerminalsEvents.event]: (ctx: Context<terminals.TerminalEvent>) => void heard.push(ctx.params) },
    });
    const events = async () =>
      (await node.broker.call<{ events: terminals.TerminalEvent[] }, object>(T.listEvents, { terminalId: 'T1' })).events;
    const before = (await events()).at(-1)?.id ?? '0';
    const since = async () => (await events()).filter((e) => BigInt(e.id) > BigInt(before));
    const event = (body: object) => JSON.stringify({ type: 'event', event: body, at: new Date().toISOString() });
    try {
      const socket = await expectAccepted(node, 'T1', await issue(node, 'T1'));
      const received: { type: string; command?: { kind: string } }[] = [];
      socket.on('message', (data) => received.push(JSON.parse(String(data))));
      await expect.poll(async () => (await since()).map((e) => e.type)).toEqual(['connected']);
      expect(await status(node, 'T1')).toBe('online');
      // The gateway speaks first: the session's first command is the login.
      await expect.poll(() => received.map((m) => m.command?.kind)).toEqual(['login']);

      socket.send('garbage');
      socket.send(JSON.stringify({ type: 'event', event: { kind: 'unheard_of' } }));
      socket.send(event({ kind: 'printed', document: 'R-1' }));
      await expect.poll(async () => (await since()).map((e) => e.type)).toEqual(['connected', 'printed']);
      expect((await since())[1]).toMatchObject({ terminalId: 'T1', payload: { vendorEvent: 'printed', detail: 'R-1' } });

      socket.send(event({ kind: 'out_of_order', detail: 'paper_out' }));
      await expect.poll(() => status(node, 'T1')).toBe('error');
      socket.close();
      await expect.poll(async () => (await since()).map((e) => e.type)).toEqual(['connected', 'printed', 'error', 'disconnected']);
      expect(await status(node, 'T1')).toBe('offline');
      const [counted] = await node.database.db.sql.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM terminals.events WHERE terminal_id = 'T1' AND id > $1::bigint",
        [before],
      );
      expect(counted!.count).toBe(4);
      const rows = await node.database.db.sql.query<{ seen: Date; last: Date }>(
        `SELECT t.last_seen_at AS seen, max(e.occurred_at) AS last FROM terminals.terminals t JOIN terminals.events e ON e.terminal_id = t.id
          WHERE t.id = 'T1' GROUP BY t.last_seen_at`,
      );
      expect(new Date(rows[0]!.seen).getTime()).toBe(new Date(rows[0]!.last).getTime());
      await expect.poll(() => heard.filter((e) => BigInt(e.id) > BigInt(before)).map((e) => e.type)).toEqual([
        'connected',
        'printed',
        'error',
        'disconnected',
      ]);
    } finally {
      await node.broker.destroyService(spy);
    }
  });

  it('refuses a certificate from the handshake after its revocation on, and lists it revoked with the reason', async () => {
    const credentials = await issue(node, 'T2');
    (await expectAccepted(node, 'T2', credentials)).close();
    await node.broker.call(T.revokeCertificate, { terminalId: 'T2', serialNumber: credentials.serial, reason: 'stolen' });
    await expectRefused(node, 'T2', credentials, 'revoked');
    const { certificates } = await node.broker.call<{ certificates: terminals.TerminalCertificate[] }, object>(T.listCertificates, {
      terminalId: 'T2',
    });
    expect(certificates.find((c) => c.serialNumber === credentials.serial)).toMatchObject({ revocationReason: 'stolen' });
    expect(JSON.stringify(certificates)).not.toContain('PRIVATE KEY');
    await expect(
      node.broker.call(T.revokeCertificate, { terminalId: 'T2', serialNumber: credentials.serial, reason: 'again' }),
    ).rejects.toMatchObject({ type: 'invalid_state' });
    await expect(node.broker.call(T.revokeCertificate, { terminalId: 'T1', serialNumber: credentials.serial, reason: 'x' })).rejects.toMatchObject({
      type: 'not_found',
    });
  });

  it("records the events a vendor cloud posts with a certificate of its terminal, once they are on their channel", async () => {
    const credentials = await issue(node, 'T1');
    const { address } = await stats(node);
    const post = (vendor: string, body: unknown) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: address!.port, method: 'POST', path: `/vendor/${vendor}/events`, ca: ca.certificatePem, ...credentials },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
          },
        );
        req.on('error', reject);
        req.end(typeof body === 'string' ? body : JSON.stringify(body));
      });
    const acks = async () =>
      (await node.broker.call<{ events: terminals.TerminalEvent[] }, object>(T.listEvents, { terminalId: 'T2' })).events.filter(
        (e) => e.payload.vendorEvent === 'initialised',
      ).length;
    const before = await acks();
    expect(await post('simulator', [{ terminalId: 'T2', event: { kind: 'initialised' } }])).toEqual({ status: 202, body: { accepted: 1 } });
    await expect.poll(acks).toBe(before + 1);
    expect(await post('simulator', { event: 'Initialised' })).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    expect(await post('simulator', 'not json')).toMatchObject({ status: 400 });
    expect((await post('nexo', [])).status).toBe(403);

    // A vendor speaks for its own terminals only: an event about another vendor's is not recorded.
    await node.broker.call(T.create, { id: 'N1', name: 'Nexo till', departmentCode: 'GROCERY', vendor: 'nexo' });
    expect(await post('simulator', [{ terminalId: 'N1', event: { kind: 'shutdown' } }])).toEqual({ status: 202, body: { accepted: 1 } });
    await expect
      .poll(async () => {
        const { deadLetters: letters } = await node.broker.call<{ deadLetters: deadLetters.DeadLetter[] }, object>(
          deadLetters.DeadLettersActions.list,
          { channel: terminals.TerminalsChannels.vendorEvents },
        );
        return letters.map((l) => l.reason);
      })
      .toEqual([expect.stringContaining('N1 is not a simulator terminal')]);
    const { events } = await node.broker.call<{ events: terminals.TerminalEvent[] }, object>(T.listEvents, { terminalId: 'N1' });
    expect(events).toEqual([]);
  });

  it('refuses certificates for unknown terminals with not_found', async () => {
    await expect(node.broker.call(T.issueCertificate, { terminalId: 'T404' })).rejects.toMatchObject({ type: 'not_found', code: 404 });
  });

  it('keeps its CA across restarts on the same directory, its key encrypted on disk', async () => {
    const first = await node.broker.call<{ certificatePem: string }, object>(T.caCertificate, {});
    const again = await startNode(caDir);
    try {
      expect(await again.broker.call(T.caCertificate, {})).toEqual(first);
    } finally {
      await again.stop();
    }
    const stored = await readFile(path.join(caDir, CA_FILE), 'utf8');
    const key = /-----BEGIN ENCRYPTED PRIVATE KEY-----[\s\S]+?-----END ENCRYPTED PRIVATE KEY-----/.exec(stored)![0];
    expect(() => createPrivateKey(key)).toThrow();
    expect(createPrivateKey({ key, passphrase: PASSPHRASE }).asymmetricKeyType).toBe('ec');
  });
});

describe('certificate rotation', () => {
  it('accepts the old and the new certificate during the overlap, and only the new one after it', async () => {
    const caDir = await mkdtemp(path.join(os.tmpdir(), 'tillwire-ca-'));
    const node = await startNode(caDir, { TERMINAL_CERT_OVERLAP_SECONDS: '2' });
    try {
      const old = await issue(node, 'T1');
      const rotated = await node.broker.call<terminals.IssuedCertificate, object>(T.issueCertificate, { terminalId: 'T1' });
      expect(rotated.superseded.map((c) => c.serialNumber)).toEqual([old.serial]);
      const fresh = { cert: rotated.certificate.certificatePem, key: rotated.privateKeyPem! };
      (await expectAccepted(node, 'T1', old)).close();
      (await expectAccepted(node, 'T1', fresh)).close();
      await new Promise((resolve) => setTimeout(resolve, Date.parse(rotated.superseded[0]!.revokedAt!) - Date.now() + 50));
      await expectRefused(node, 'T1', old, 'revoked');
      (await expectAccepted(node, 'T1', fresh)).close();
    } finally {
      await node.stop();
      await rm(caDir, { recursive: true, force: true });
    }
  });
});
