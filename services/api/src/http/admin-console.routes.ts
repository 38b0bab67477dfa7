import { code, departments, inventory, reports, sku, text, transactions, uuid } from '@tillwire/contracts';
import type { reportsV1 } from '@tillwire/contracts/grpc';
import { z } from 'zod';
import { departmentSales } from '../clients/reports-grpc.client';
import { transactionTrace } from '../clients/trace-collector';
import { defineRoute, limitQuery, type Route } from './route';

const I = inventory.InventoryActions;

const stockQuery = z.object({
  location: code.default('MAIN'),
  department: code.optional(),
  q: text(100).optional(),
  limit: z.string().regex(/^[0-9]{1,4}$/, 'a whole number from 1 to 1000').transform(Number).pipe(inventory.listStockParams.shape.limit.unwrap()).optional(),
});
const reservationsQuery = z.object({
  location: code.optional(),
  limit: limitQuery(inventory.listReservationsParams.shape.limit.unwrap()),
});
const movementsQuery = z.object({
  /** Comma-separated kinds, e.g. `receipt,adjust`. */
  kind: z
    .string()
    .transform((value) => value.split(',').map((k) => k.trim()))
    .pipe(z.array(inventory.movementKind).min(1).max(6))
    .optional(),
  sku: sku.optional(),
  location: code.optional(),
  before: inventory.movementId.optional(),
  limit: limitQuery(inventory.listMovementsParams.shape.limit.unwrap()),
});

const figures = (f: reportsV1.SalesFigures | undefined): reports.SalesFiguresView => ({
  transactionCount: f?.transactionCount ?? 0,
  grossMinor: f?.grossMinor ?? 0,
  discountMinor: f?.discountMinor ?? 0,
  refundCount: f?.refundCount ?? 0,
  refundedMinor: f?.refundedMinor ?? 0,
  netMinor: f?.netMinor ?? 0,
});

/** What the admin console reads beyond the resource CRUD: the store's day, stock views, sales reports and traces. */
export const ADMIN_CONSOLE_ROUTES: readonly Route[] = [
  defineRoute({
    id: 'storeToday',
    method: 'GET',
    path: '/admin/store/today',
    summary: "The store's business date today (STORE_TIME_ZONE), its time zone and currency, for a console to default its dates and format amounts",
    tag: 'Admin',
    access: 'catalog.read',
    response: z.object({ date: reports.businessDate, timeZone: z.string(), currency: z.string().length(3) }),
    status: 200,
    call: async (_input, ctx) => {
      const day = await ctx.call<transactions.TerminalDayResult>(transactions.TransactionsActions.terminalDay, {});
      return { date: day.date, timeZone: day.timeZone, currency: day.currency };
    },
  }),
  defineRoute({
    id: 'listStock',
    method: 'GET',
    path: '/admin/stock',
    summary:
      'Every product (inactive ones too) with its on hand, reserved and available stock at a location (MAIN by default; zeros without stock), by SKU; filter by department and q (name, SKU or barcode); limit 1-1000 (default 500)',
    tag: 'Inventory',
    access: 'catalog.read',
    query: stockQuery,
    response: inventory.listStockResult,
    status: 200,
    call: ({ query }, ctx) =>
      ctx.call(I.listStock, { locationCode: query.location, departmentCode: query.department, q: query.q, limit: query.limit }),
  }),
  defineRoute({
    id: 'listReservations',
    method: 'GET',
    path: '/admin/stock/reservations',
    summary: 'Live reservations: stock held by checkouts until they complete, are cancelled or expire, soonest to expire first (limit 1-500, default 100)',
    tag: 'Inventory',
    access: 'catalog.read',
    query: reservationsQuery,
    response: inventory.listReservationsResult,
    status: 200,
    call: ({ query }, ctx) => ctx.call(I.listReservations, { locationCode: query.location, limit: query.limit }),
  }),
  defineRoute({
    id: 'listStockMovements',
    method: 'GET',
    path: '/admin/stock/movements',
    summary:
      'The stock movements ledger, newest first: receipts with their reference, adjustments with their reason, reservations, releases, commits and restocks; filter by kind (comma-separated), sku and location; limit 1-500 (default 50); pass nextCursor as before for the next page',
    tag: 'Inventory',
    access: 'catalog.read',
    query: movementsQuery,
    response: inventory.listMovementsResult,
    status: 200,
    call: ({ query }, ctx) =>
      ctx.call(I.listMovements, { kinds: query.kind, sku: query.sku, locationCode: query.location, before: query.before, limit: query.limit }),
  }),
  defineRoute({
    id: 'checkStockConsistency',
    method: 'GET',
    path: '/admin/stock/consistency',
    summary: 'Replays the movements ledger against every stock row: how many rows were checked and each whose on hand or reserved differs from its ledger',
    tag: 'Inventory',
    access: 'inventory.manage',
    response: inventory.consistencyResult,
    status: 200,
    call: (_input, ctx) => ctx.call(I.checkConsistency, {}),
  }),
  defineRoute({
    id: 'departmentSales',
    method: 'GET',
    path: '/reports/department-sales',
    summary:
      'Sales per business day and department (allocated amounts, refunds on the day they were made) for a range of business dates (at most 366 days), optionally of one department',
    tag: 'Reports',
    access: 'reports.reconcile',
    query: reports.departmentSalesQuery,
    response: reports.departmentSalesView,
    status: 200,
    call: async ({ query }, ctx) => {
      const answer = await departmentSales(ctx.broker, { dates: { fromDate: query.from, toDate: query.to }, departmentCode: query.department });
      return {
        rows: answer.rows.map((r) => ({
          businessDate: r.businessDate,
          departmentCode: r.departmentCode,
          currency: r.currency,
          figures: figures(r.figures),
          unitsSold: r.unitsSold,
          unitsReturned: r.unitsReturned,
        })),
      };
    },
  }),
  defineRoute({
    id: 'salesByHour',
    method: 'GET',
    path: '/reports/sales-by-hour',
    summary:
      "A store day's department ledger (today when date is absent) per local hour and department: sales as they were allocated, less reversals of cancelled or expired checkouts and refunds",
    tag: 'Reports',
    access: 'reports.reconcile',
    query: z.object({ date: reports.businessDate.optional() }),
    response: departments.salesByHourResult,
    status: 200,
    call: ({ query }, ctx) => ctx.call(departments.DepartmentsActions.salesByHour, { date: query.date }),
  }),
  defineRoute({
    id: 'transactionTrace',
    method: 'GET',
    path: '/admin/transactions/:id/trace',
    params: z.object({ id: uuid }),
    summary:
      "The transaction's traces (its requests, every broker hop, gRPC call and SQL statement on any node; reads of it left out) as spans from each node's memory; with spans exported to OTEL_EXPORTER_OTLP_ENDPOINT, none, and a link to them in the tracing backend (TRACE_VIEW_URL_TEMPLATE) instead",
    tag: 'Admin',
    access: 'traces.read',
    response: transactions.transactionTrace,
    status: 200,
    call: async ({ path }, ctx) => {
      // An unknown transaction is 404 not_found, in either mode.
      await ctx.call(transactions.TransactionsActions.get, { id: path.id });
      return transactionTrace(ctx.broker, path.id!);
    },
  }),
];
