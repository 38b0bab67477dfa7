import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { departments, terminals } from '@tillwire/contracts';
import { createTestDatabase, startTestNode, type TestDatabase, type TestNode } from '@tillwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueClientCertificate } from '../pki/x509-issuer';
import { startTerminalSimulator, type TerminalSimulator } from './terminal-simulator';

const { TerminalsActions: T } = terminals;
const PASSPHRASE = 'a-test-passphrase-of-32-characters!';
const SERVICES = ['departments', 'inventory', 'terminals'] as const;

describe('terminal simulator against the mTLS listener', () => {
  let database: TestDatabase;
  let caDir: string;
  let node: TestNode;
  let port: number;
  let caPem: string;
  const simulators: TerminalSimulator[] = [];

  /** A node on the shared database and CA, its listener on `listenPort` (0: any free port). */
  const startNode = (listenPort: number) =>
    startTestNode(SERVICES, { TERMINAL_LISTEN_PORT: String(listenPort), TERMINAL_CA_DIR: caDir, CA_KEY_PASSPHRASE: PASSPHRASE }, database);
  const stats = () => node.broker.call<terminals.ListenerStats, object>(T.listenerStats, {});
  const status = async (id: string) => (await node.broker.call<terminals.Terminal, object>(T.get, { id })).status;
  const simulate = (terminalId: string, tls: { certificatePem: string; privateKeyPem: string }) => {
    const simulator = startTerminalSimulator({
      url: `wss://127.0.0.1:${port}`,
      terminalId,
      vendor: 'simulator',
      tls: { ...tls, caPem },
    });
    simulators.push(simulator);
    return simulator;
  };
  const issue = async (terminalId: string) => {
    const issued = await node.broker.call<terminals.IssuedCertificate, object>(T.issueCertificate, { terminalId });
    return { certificatePem: issued.certificate.certificatePem, privateKeyPem: issued.privateKeyPem! };
  };

  beforeAll(async () => {
    database = await createTestDatabase('tw_terminal_sim');
    caDir = await mkdtemp(path.join(os.tmpdir(), 'tillwire-ca-'));
    node = await startNode(0);
    await database.db.sql.execute("INSERT INTO inventory.locations (code, name) VALUES ('MAIN', 'Main store')");
    await node.broker.call(departments.DepartmentsActions.create, { code: 'GROCERY', name: 'Grocery' });
    for (const id of ['T1', 'T2']) await node.broker.call(T.create, { id, name: `Till ${id}`, departmentCode: 'GROCERY', vendor: 'simulator' });
    port = (await stats()).address!.port;
    caPem = (await node.broker.call<{ certificatePem: string }, object>(T.caCertificate, {})).certificatePem;
  });
  afterAll(async () => {
    await Promise.all(simulators.map((simulator) => simulator.close()));
    await node?.stop();
    await database?.drop();
    if (caDir) await rm(caDir, { recursive: true, force: true });
  });

  it('connects with its certificate, and reconnects when the listener closes its session', async () => {
    const simulator = simulate('T1', await issue('T1'));
    await simulator.waitConnected();
    await expect.poll(() => status('T1')).toBe('online');
    expect((await stats()).openSessions).toBe(1);

    // The whole node goes down (its listener terminates every session) and comes back on the same port.
    await node.stop();
    await expect.poll(() => simulator.connected()).toBe(false);
    node = await startNode(port);
    await expect.poll(() => simulator.connected(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => status('T1')).toBe('online');
    expect((await stats()).accepted).toBe(1);
  });

  it('is refused with a certificate of another CA, keeps trying, and stops when closed', async () => {
    const other = await createCertificateAuthority(new Date());
    const foreign = await issueClientCertificate(other, 'T2', { notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 3_600_000) });
    const before = (await stats()).rejected.unknown_ca;
    const simulator = simulate('T2', { certificatePem: foreign.certificatePem, privateKeyPem: foreign.privateKeyPem });
    const connecting = simulator.waitConnected();
    await expect.poll(async () => (await stats()).rejected.unknown_ca, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 2);
    expect(simulator.connected()).toBe(false);
    expect(await status('T2')).toBe('offline');
    await simulator.close();
    await expect(connecting).rejects.toThrow('closed');
  });
});
