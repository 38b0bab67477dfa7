import { departments, terminals } from '@tillwire/contracts';
import type { ServiceBroker } from 'moleculer';
import type { Vendor } from '../../services/terminals/src/adapters/vendor-adapter';
import type { TestNode } from '../../libs/platform/src/testing/index';
import { forEachConcurrently } from './terminals-concurrency';
import type { FleetTerminal } from './terminals-fleet';

const { TerminalsActions: T } = terminals;
const DEPARTMENT = 'BENCH';
const LOCATION = 'MAIN';

/** Registers `count` terminals of `vendor` (BT0001, BT0002, …) in a department and location of their own. */
export async function registerTerminals(node: TestNode, count: number, vendor: Vendor, parallel: number): Promise<string[]> {
  // Inventory has no action that creates a location.
  await node.database.db.sql.execute('INSERT INTO inventory.locations (code, name) VALUES ($1, $2)', [LOCATION, 'Main store']);
  await node.broker.call(departments.DepartmentsActions.create, { code: DEPARTMENT, name: 'Benchmark' });
  const ids = Array.from({ length: count }, (_, i) => `BT${String(i + 1).padStart(4, '0')}`);
  await forEachConcurrently(ids, parallel, async (id) => {
    await node.broker.call(T.create, { id, name: `Bench till ${id}`, departmentCode: DEPARTMENT, locationCode: LOCATION, vendor });
  });
  return ids;
}

/** A client certificate and key per terminal, issued by the terminals service (a P-256 key pair and a signature each). */
export async function issueCredentials(broker: ServiceBroker, ids: readonly string[], parallel: number): Promise<FleetTerminal[]> {
  const issued: FleetTerminal[] = [];
  await forEachConcurrently(ids, parallel, async (id) => {
    const { certificate, privateKeyPem } = await broker.call<terminals.IssuedCertificate, object>(T.issueCertificate, { terminalId: id });
    issued.push({ id, certificatePem: certificate.certificatePem, privateKeyPem: privateKeyPem! });
  });
  return issued;
}

/** The listener's URL and the CA its certificate chains to. */
export async function listenerOf(broker: ServiceBroker): Promise<{ url: string; caPem: string }> {
  const { address } = await broker.call<terminals.ListenerStats, object>(T.listenerStats, {});
  if (!address) throw new Error('The terminal listener is not listening');
  const { certificatePem } = await broker.call<{ certificatePem: string }, object>(T.caCertificate, {});
  return { url: `wss://127.0.0.1:${address.port}`, caPem: certificatePem };
}

/** Waits until every terminal's session is recorded on this node: before that, a command for it finds no session. */
export async function waitForSessions(node: TestNode, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await node.database.db.sql.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM terminals.terminals WHERE session_node = $1',
      [node.broker.nodeID],
    );
    if (row!.count >= count) return;
    if (Date.now() > deadline) throw new Error(`Only ${row!.count} of ${count} sessions were recorded within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
