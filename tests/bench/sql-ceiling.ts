/**
 * The bare-SQL ceiling: every row one platform checkout writes, issued directly with `pg` as plain
 * parameterised statements, one database transaction per HTTP request (create, then complete: the
 * reservation must be durable before the till takes payment).
 *
 * Kept from the platform: each table it writes and each row's content (idempotency key claimed
 * first, then completed with the response; transaction, lines, status changes, payment, outbox event;
 * reservations, stock movements and the conditional stock updates; department ledger entries; saga
 * instance and step rows; the request's audit entry, appended to the chain as the API appends it; the
 * sale's report projections, as the reports service writes them from the event), and every guard it
 * relies on as a conditional write (key claim, stock available / reserved, transaction still
 * `reserved` and unexpired, reservations still active).
 * Left out, as a single transaction per request makes them moot: the reads before each write (terminal,
 * prices, stock rows, transaction status; prices come from `template`), the version-retry loop, the
 * intermediate statuses as separate UPDATEs (`pending`, `completing`; their status-change rows are
 * written), saga lease renewals and per-step started/succeeded UPDATEs (step rows are written once,
 * finished). Multi-row INSERTs where the platform batches too; stock rows are updated last but the
 * audit entry, in SKU order, and the audit chain's head, which every append in the store waits for,
 * is taken last of all: the locks are held only until the commit. Statements are named prepared statements, as
 * the platform's are. Its outbox events are written as published: the platform's relay, which runs
 * between the ceiling's rounds, must not deliver them and count their work as the platform's.
 */
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { appendAudit } from '../../libs/platform/src/audit/index';
import { CommitEffects, pgClientExecutor } from '../../libs/platform/src/db/sql-executor';
import { projectionsRepository } from '../../services/reports/src/db/projections.repository';
import type { Basket, CreatedTransaction } from './http-checkout';

export interface CeilingTemplate {
  readonly basket: Basket;
  /** The platform's own answer for this basket: the prices, taxes and totals the rows carry. */
  readonly priced: CreatedTransaction;
}

const RESERVATION_TTL_MS = 15 * 60_000;
const KEY_RETENTION_MS = 24 * 3_600_000;
const NODE_ID = 'sql-ceiling';
/** Who the audit entries name: the platform's run signs in as an admin from this address. */
const ACTOR = { id: randomUUID(), role: 'admin' };
const CLIENT_IP = '127.0.0.1';
/** The store day of the report projections (STORE_TIME_ZONE's default). */
const TIME_ZONE = 'UTC';

type Client = pg.PoolClient;
type Line = CreatedTransaction['lines'][number] & { taxRateBp: number; locationCode: string };

/** One checkout's rows, written straight to PostgreSQL: two database transactions, 15 round trips each. */
export async function sqlCheckout(pool: pg.Pool, template: CeilingTemplate): Promise<void> {
  const client = await pool.connect();
  try {
    const transactionId = randomUUID();
    const receiptNumber = await inTransaction(client, () => createTransaction(client, template, transactionId));
    await inTransaction(client, () => completeTransaction(client, template, transactionId, receiptNumber));
  } finally {
    client.release();
  }
}

/** Returns the receipt number the database gave the transaction. */
async function createTransaction(client: Client, { basket, priced }: CeilingTemplate, id: string): Promise<number> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + RESERVATION_TTL_MS);
  const lines = linesOf(basket, priced);
  const request = { terminalId: basket.terminalId, lines: basket.lines.map(({ sku, quantity }) => ({ sku, quantity })) };
  const key = await claimKey(client, 'createTransaction', '/pos/transactions', request, now);

  const [transaction] = await insert(
    client,
    'transactions.transactions',
    ['id', 'terminal_id', 'department_code', 'status', 'subtotal_minor', 'discount_minor', 'tax_minor', 'total_minor',
      'reservation_expires_at', 'updated_at'],
    [[id, basket.terminalId, basket.departmentCode, 'reserved', priced.totals.subtotalMinor, priced.totals.discountMinor,
      priced.totals.taxMinor, priced.totals.totalMinor, expiresAt, now]],
    'RETURNING receipt_number',
  );
  await insert(
    client,
    'transactions.transaction_lines',
    ['transaction_id', 'line_no', 'sku', 'name', 'quantity', 'unit_price_minor', 'tax_rate_bp', 'discount_minor', 'tax_minor',
      'line_total_minor', 'department_code'],
    lines.map((l) => [id, l.lineNo, l.sku, l.name, l.quantity, l.unitPriceMinor, l.taxRateBp, l.discountMinor, l.taxMinor,
      l.lineTotalMinor, l.departmentCode]),
  );
  await insertStatusChanges(client, id, [null, 'pending', 'reserved']);
  const reservationIds = lines.map(() => randomUUID());
  await insert(
    client,
    'inventory.reservations',
    ['id', 'transaction_id', 'sku', 'location_code', 'quantity', 'status', 'expires_at', 'updated_at'],
    lines.map((l, i) => [reservationIds[i], id, l.sku, l.locationCode, l.quantity, 'active', expiresAt, now]),
  );
  await insertMovements(client, id, lines, 'reserve');
  await insert(
    client,
    'departments.ledger_entries',
    ['id', 'source_id', 'transaction_id', 'line_no', 'kind', 'department_code', 'sku', 'amount_minor', 'tax_minor'],
    lines.map((l) => [randomUUID(), id, id, l.lineNo, 'sale', basket.departmentCode, l.sku, l.lineTotalMinor, l.taxMinor]),
  );
  await insertSaga(client, 'create-transaction', id, { transactionId: id, ...request }, now, {
    price: { departmentCode: basket.departmentCode, locationCode: basket.locationCode, expiresAt: expiresAt.toISOString() },
    reserve: { reservationIds },
    allocate: { allocated: true },
    confirm: {},
  });
  const receiptNumber = Number(transaction!.receipt_number);
  const answer = { ...priced, id, receiptNumber, status: 'reserved', reservationExpiresAt: expiresAt.toISOString() };
  await completeKey(client, key, 201, answer);
  for (const line of bySku(lines)) {
    await guardedUpdate(
      client,
      `UPDATE inventory.stock_levels
          SET reserved = reserved + $3, version = version + 1, updated_at = now()
        WHERE sku = $1 AND location_code = $2 AND on_hand - reserved >= $3`,
      [line.sku, line.locationCode, line.quantity],
      `insufficient stock of ${line.sku}`,
    );
  }
  await appendEntry(client, 'transaction.create', id, answer);
  return receiptNumber;
}

async function completeTransaction(
  client: Client,
  { basket, priced }: CeilingTemplate,
  id: string,
  receiptNumber: number,
): Promise<void> {
  const now = new Date();
  const lines = linesOf(basket, priced);
  const total = priced.totals.totalMinor;
  const payments = [{ method: 'cash', amountMinor: total }];
  const key = await claimKey(client, 'completeTransaction', `/pos/transactions/${id}/complete`, { payments }, now);

  await guardedUpdate(
    client,
    `UPDATE transactions.transactions SET status = 'completed', completed_at = now(), updated_at = now()
      WHERE id = $1 AND status = 'reserved' AND reservation_expires_at > now()`,
    [id],
    `transaction ${id} is not reserved`,
  );
  await insertStatusChanges(client, id, ['reserved', 'completing', 'completed']);
  const paymentId = randomUUID();
  await insert(
    client,
    'transactions.payments',
    ['id', 'transaction_id', 'method', 'amount_minor', 'status', 'updated_at'],
    [[paymentId, id, 'cash', total, 'approved', now]],
  );
  await guardedUpdate(
    client,
    `UPDATE inventory.reservations SET status = 'committed', updated_at = now()
      WHERE transaction_id = $1 AND status = 'active' AND expires_at > now()`,
    [id],
    `reservations of ${id} are not active`,
    lines.length,
  );
  await insertMovements(client, id, lines, 'commit');
  await insert(
    client,
    'platform.outbox',
    ['channel', 'aggregate_type', 'aggregate_id', 'payload', 'published_at'],
    [['transactions.completed', 'transaction', id, JSON.stringify({
      transactionId: id, receiptNumber, terminalId: basket.terminalId, departmentCode: basket.departmentCode, customerId: null, totalMinor: total, payments,
    }), now]],
  );
  await insertSaga(client, 'complete-transaction', id, { transactionId: id, payments: [{ id: paymentId, ...payments[0] }] }, now, {
    hold: { held: true },
    'redeem-points': {},
    'pay-card': { approvedCardPaymentIds: [] },
    'commit-stock': { committed: true },
    finalize: {},
  });
  await projectionsRepository.recordSale(joined(client), TIME_ZONE, {
    transactionId: id,
    completedAt: now,
    terminalId: basket.terminalId,
    departmentCode: basket.departmentCode,
    operatorId: null,
    shiftId: null,
    currency: 'EUR',
    grossMinor: total,
    discountMinor: priced.totals.discountMinor,
    payments: [{ method: 'cash', amountMinor: total, changeMinor: 0 }],
    departments: [{ departmentCode: basket.departmentCode, amountMinor: total, units: lines.reduce((n, l) => n + l.quantity, 0) }],
  });
  const answer = { ...priced, id, status: 'completed', payments: [{ id: paymentId, ...payments[0], status: 'approved' }] };
  await completeKey(client, key, 200, answer);
  for (const line of bySku(lines)) {
    await guardedUpdate(
      client,
      `UPDATE inventory.stock_levels
          SET on_hand = on_hand - $3, reserved = reserved - $3, version = version + 1, updated_at = now()
        WHERE sku = $1 AND location_code = $2 AND reserved >= $3 AND on_hand >= $3`,
      [line.sku, line.locationCode, line.quantity],
      `stock of ${line.sku} is not reserved`,
    );
  }
  await appendEntry(client, 'transaction.complete', id, answer);
}

/** The request's entry in the audit chain, through the platform's own append: the same statement and hash. */
async function appendEntry(client: Client, action: string, id: string, after: object): Promise<void> {
  await appendAudit(joined(client), { actor: ACTOR, action, entityType: 'transaction', entityId: id, ip: CLIENT_IP, after });
}

interface ClaimedKey {
  readonly scope: string;
  readonly key: string;
}

/** Claims a fresh Idempotency-Key as the API does before any work: one conditional INSERT. */
async function claimKey(client: Client, scope: string, path: string, body: object, now: Date): Promise<ClaimedKey> {
  const key = randomUUID();
  const hash = createHash('sha256').update(['POST', path, JSON.stringify(body)].join('\n')).digest('hex');
  const inserted = await prepared(
    client,
    `INSERT INTO platform.idempotency_keys (scope, key, request_hash, locked_until, expires_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [scope, key, hash, new Date(now.getTime() + 30_000), new Date(now.getTime() + KEY_RETENTION_MS)],
  );
  if (inserted.rowCount !== 1) throw new Error(`idempotency key ${key} already taken`);
  return { scope, key };
}

async function completeKey(client: Client, { scope, key }: ClaimedKey, status: number, body: object): Promise<void> {
  await prepared(
    client,
    `UPDATE platform.idempotency_keys
        SET status = 'completed', response_status = $3, response_body = $4, locked_until = NULL
      WHERE scope = $1 AND key = $2`,
    [scope, key, status, JSON.stringify(body)],
  );
}

/** `statuses` is the walk [from, to, to, …]; one status-change row per step of it. */
async function insertStatusChanges(client: Client, id: string, statuses: ReadonlyArray<string | null>): Promise<void> {
  await insert(
    client,
    'transactions.status_changes',
    ['transaction_id', 'from_status', 'to_status'],
    statuses.slice(1).map((to, i) => [id, statuses[i], to]),
  );
}

async function insertMovements(client: Client, id: string, lines: readonly Line[], kind: 'reserve' | 'commit'): Promise<void> {
  await insert(
    client,
    'inventory.stock_movements',
    ['sku', 'location_code', 'kind', 'on_hand_delta', 'reserved_delta', 'reference'],
    lines.map((l) => [l.sku, l.locationCode, kind, kind === 'commit' ? -l.quantity : 0, kind === 'commit' ? -l.quantity : l.quantity, id]),
  );
}

/** The saga instance, finished, and one finished invoke row per step with the step's output. */
async function insertSaga(
  client: Client,
  name: string,
  correlationId: string,
  context: object,
  startedAt: Date,
  outputs: Record<string, object>,
): Promise<void> {
  const sagaId = randomUUID();
  const now = new Date();
  await insert(
    client,
    'platform.saga_instances',
    ['id', 'saga_name', 'correlation_id', 'status', 'context', 'owner_node_id', 'updated_at'],
    [[sagaId, name, correlationId, 'completed', JSON.stringify(context), NODE_ID, now]],
  );
  await insert(
    client,
    'platform.saga_steps',
    ['saga_id', 'step_id', 'phase', 'status', 'output', 'started_at', 'finished_at'],
    Object.entries(outputs).map(([stepId, output]) => [sagaId, stepId, 'invoke', 'succeeded', JSON.stringify(output), startedAt, now]),
  );
}

/** A conditional write that must hit `expected` rows; anything else rolls the request back. */
async function guardedUpdate(client: Client, sql: string, params: unknown[], refusal: string, expected = 1): Promise<void> {
  const { rowCount } = await prepared(client, sql, params);
  if (rowCount !== expected) throw new Error(`sql ceiling: ${refusal}`);
}

/** One multi-row INSERT … VALUES ($1, $2, …), (…). */
async function insert(
  client: Client,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  suffix = '',
): Promise<Array<Record<string, unknown>>> {
  const tuples = rows.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
  const { rows: returned } = await prepared(
    client,
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${suffix}`,
    rows.flat(),
  );
  return returned;
}

/** As the platform runs its statements: named, so each connection parses and plans a text once. */
function prepared(client: Client, text: string, values: unknown[]): Promise<pg.QueryResult> {
  return client.query({ name: `ceiling_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values });
}

/** The platform's own writes on this connection, joining the transaction open on it (they leave no effect for after its commit). */
const joined = (client: Client) => pgClientExecutor(client, new CommitEffects());

async function inTransaction<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

function linesOf(basket: Basket, priced: CreatedTransaction): Line[] {
  const taxRates = new Map(basket.lines.map((line) => [line.sku, line.taxRateBp]));
  return priced.lines.map((line) => ({ ...line, taxRateBp: taxRates.get(line.sku)!, locationCode: basket.locationCode }));
}

function bySku(lines: readonly Line[]): Line[] {
  return [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
