import { reportsV1 } from '@tillwire/contracts/grpc';
import { grpcClientOnNode, type GrpcClient } from '@tillwire/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, testCaller, type TestNode } from '../../libs/platform/src/testing/index';
import { seedDay } from '../bench/reports-seed';
import { distributedEnv, uniqueNamespace } from './distributed-env';

const SALES = 8_000;
const TERMINALS = 20;
const { ReconciliationStatus: Status } = reportsV1;

/**
 * The nightly reconciliation with its sources on another node, over NATS. The day's ledger alone
 * (8,000 sales with their lines) is well over NATS's default 1 MB message as JSON: read whole,
 * it could not cross the broker; read in slices of transaction ids, it does, and every slice matches.
 */
describe('reconciliation across nodes', () => {
  const namespace = uniqueNamespace();
  let sources: TestNode;
  let reports: TestNode;
  let client: GrpcClient<reportsV1.ReportsServiceClient>;
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    sources = await startTestNode(['transactions', 'inventory', 'departments', 'terminals'], distributedEnv(namespace, { STORE_TIME_ZONE: 'UTC' }));
    reports = await startTestNode(['reports'], distributedEnv(namespace, { STORE_TIME_ZONE: 'UTC' }), sources.database);
    await seedDay(sources, { day, transactions: SALES, terminals: TERMINALS, cardEvery: 10 }, () => undefined);
    client = grpcClientOnNode(reports.broker, reportsV1.ReportsServiceClient, { url: '127.0.0.1:1', deadlineMs: 60_000, caller: testCaller() });
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await reports?.stop();
    await sources?.stop();
  });

  it('reconciles a day too large for one broker message, clean but for the terminals nobody can ask', async () => {
    const { reconciliation } = await client.call('runReconciliation', { businessDate: day, rerun: true });
    const r = reconciliation!;
    expect(r.mismatches).toEqual([]);
    expect(r.terminals).toHaveLength(TERMINALS);
    // No terminal is connected: their lines compare our records of what they approved, and say why.
    for (const t of r.terminals) expect(t.variance).toMatchObject({ varianceMinor: 0, reason: 'terminal_unreachable' });
    expect(r.departments.map((d) => d.variance?.status)).toEqual(r.departments.map(() => Status.RECONCILIATION_STATUS_OK));
    const expected = r.departments.reduce((sum, d) => sum + (d.variance?.expectedMinor ?? 0), 0);
    const seeded = await sources.database.db.sql.query<{ total: bigint }>('SELECT sum(total_minor)::bigint AS total FROM transactions.transactions');
    expect(BigInt(expected)).toBe(seeded[0]!.total);
  });
});
