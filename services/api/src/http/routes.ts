import { code, departments, inventory, sku, terminals, text, transactions, uuid } from '@tillwire/contracts';
import { derivedUuid } from '@tillwire/platform';
import { z } from 'zod';
import { ADMIN_CONSOLE_ROUTES } from './admin-console.routes';
import { AUTH_ROUTES } from './auth.routes';
import { DEAD_LETTER_ROUTES } from './dead-letter.routes';
import { POS_SCREEN_ROUTES } from './pos-screen.routes';
import { REPORT_ROUTES } from './report.routes';
import { defineRoute, idOf, type Route } from './route';
import { SHIFT_ROUTES } from './shift.routes';
import { transactionTerminal } from './transaction-terminals';

const T = transactions.TransactionsActions;
const I = inventory.InventoryActions;
const D = departments.DepartmentsActions;
const R = terminals.TerminalsActions;

const noBody = z.object({}).strict();
const byTransaction = z.object({ id: uuid });
const byDepartment = z.object({ code });
const byProduct = z.object({ sku });
const byTerminal = z.object({ id: terminals.terminalId });
const byCertificate = z.object({ id: terminals.terminalId, serial: terminals.certificateSerial });
const skuList = z
  .string()
  .trim()
  .min(1)
  .transform((value) => value.split(',').map((s) => s.trim()))
  .pipe(z.array(sku).min(1).max(200));

/** Every public endpoint; the OpenAPI document and the docs page are generated from this list. */
export const ROUTES: readonly Route[] = [
  defineRoute({
    id: 'createTransaction',
    method: 'POST',
    path: '/pos/transactions',
    summary: "Reserve a checkout on a terminal; the department is the terminal's",
    tag: 'POS',
    access: 'pos.sell',
    terminal: ({ body }) => body.terminalId,
    audit: {
      action: 'transaction.create',
      entity: (_input, result) => ({ type: 'transaction', id: idOf(result) }),
      details: ({ body }, ctx) => (body.discount ? { discount: { ...body.discount, approvedBy: ctx.approver ?? null } } : {}),
    },
    body: transactions.createTransactionRequest,
    response: transactions.transactionView,
    status: 201,
    // The id derives from the key, so a retry after a crash resumes the same saga. The approver is
    // the one the edge verified (the signed-in supervisor or X-Approval-Token), never the body's.
    call: async ({ body, idempotencyKey }, ctx) => {
      const created = await ctx.call<transactions.TransactionView>(T.create, {
        ...body,
        ...(body.discount ? { discount: { ...body.discount, approvedBy: ctx.approver } } : {}),
        transactionId: derivedUuid(`${body.terminalId}/${idempotencyKey}`),
      });
      ctx.transactionTerminals.remember(created.id, created.terminalId);
      return created;
    },
  }),
  defineRoute({
    id: 'getTransaction',
    method: 'GET',
    path: '/pos/transactions/:id',
    params: byTransaction,
    summary: 'A transaction with its lines, payments and status history',
    tag: 'POS',
    access: 'pos.read',
    terminal: transactionTerminal,
    response: transactions.transactionView,
    status: 200,
    call: ({ path }, ctx) => ctx.call(T.get, { id: path.id }),
  }),
  defineRoute({
    id: 'completeTransaction',
    method: 'POST',
    path: '/pos/transactions/:id/complete',
    params: byTransaction,
    summary: 'Pay (cash, card, points; split allowed) and complete a reserved transaction',
    tag: 'POS',
    access: 'pos.sell',
    terminal: transactionTerminal,
    audit: { action: 'transaction.complete', entity: ({ path }) => ({ type: 'transaction', id: path.id! }) },
    body: transactions.completeTransactionRequest,
    response: transactions.transactionView,
    status: 200,
    waitsOnTerminal: true,
    call: ({ path, body }, ctx) => ctx.call(T.complete, { id: path.id, ...body }),
  }),
  defineRoute({
    id: 'cancelTransaction',
    method: 'POST',
    path: '/pos/transactions/:id/cancel',
    params: byTransaction,
    summary: 'Cancel a reserved transaction, releasing its stock and department entries',
    tag: 'POS',
    access: 'pos.sell',
    terminal: transactionTerminal,
    audit: { action: 'transaction.cancel', entity: ({ path }) => ({ type: 'transaction', id: path.id! }) },
    body: noBody,
    response: transactions.transactionView,
    status: 200,
    call: ({ path }, ctx) => ctx.call(T.cancel, { id: path.id }),
  }),
  defineRoute({
    id: 'refundTransaction',
    method: 'POST',
    path: '/pos/transactions/:id/refunds',
    params: byTransaction,
    summary: 'Refund lines of a completed transaction: restock, negative department entries, payments back in proportion',
    tag: 'POS',
    access: 'pos.refund',
    terminal: transactionTerminal,
    audit: { action: 'transaction.refund', entity: ({ path }) => ({ type: 'transaction', id: path.id! }) },
    body: transactions.refundRequest,
    response: transactions.transactionView,
    status: 201,
    waitsOnTerminal: true,
    call: ({ path, body, idempotencyKey }, ctx) =>
      ctx.call(T.refund, { id: path.id, ...body, refundId: derivedUuid(`${path.id}/refund/${idempotencyKey}`) }),
  }),
  defineRoute({
    id: 'catalog',
    method: 'GET',
    path: '/catalog/products',
    summary: "The terminal's department menu with live availability; q matches name, SKU or barcode",
    tag: 'POS',
    access: 'pos.sell',
    terminal: ({ query }) => query.terminalId,
    query: z.object({ terminalId: terminals.terminalId, q: text(100).optional() }),
    response: inventory.catalogResult,
    status: 200,
    async call({ query }, ctx) {
      const terminal = await ctx.call<terminals.Terminal>(R.get, { id: query.terminalId });
      return ctx.call(I.catalog, {
        departmentCode: terminal.departmentCode,
        locationCode: terminal.locationCode,
        ...(query.q ? { q: query.q } : {}),
      });
    },
  }),
  defineRoute({
    id: 'streamTerminalEvents',
    method: 'GET',
    path: '/pos/terminals/:id/events',
    params: byTerminal,
    summary:
      "Server-Sent Events (text/event-stream) of a terminal's lifecycle: its last 50 events (only later ones after a Last-Event-ID header), oldest first, then live ones, each `id: <event id>`, `event: <type>`, `data: <event JSON>`; a `: keep-alive` comment every 15 s",
    tag: 'POS',
    access: 'pos.read',
    terminal: ({ path }) => path.id!,
    response: terminals.terminalEvent,
    status: 200,
    stream: { topic: ({ path }) => path.id! },
    call: async ({ path, lastEventId }, ctx) => {
      const { events } = await ctx.call<{ events: terminals.TerminalEvent[] }>(R.listEvents, {
        terminalId: path.id,
        ...(lastEventId === undefined ? {} : { afterId: lastEventId }),
      });
      return events;
    },
  }),
  defineRoute({
    id: 'availability',
    method: 'GET',
    path: '/inventory/availability',
    summary: 'On hand, reserved and available stock per SKU at a location',
    tag: 'Inventory',
    access: 'pos.read',
    query: z.object({ skus: skuList, location: code.default('MAIN') }),
    response: inventory.availabilityResult,
    status: 200,
    call: ({ query }, ctx) => ctx.call(I.availability, { skus: query.skus, locationCode: query.location }),
  }),
  defineRoute({
    id: 'receiveStock',
    method: 'POST',
    path: '/inventory/receipts',
    summary: 'Receive stock into a location',
    tag: 'Inventory',
    access: 'inventory.manage',
    audit: { action: 'stock.receive', entity: ({ body }) => ({ type: 'location', id: body.locationCode }) },
    body: inventory.receiveParams.strict(),
    response: inventory.receiveResult,
    status: 201,
    call: ({ body }, ctx) => ctx.call(I.receive, body),
  }),
  defineRoute({
    id: 'adjustStock',
    method: 'POST',
    path: '/inventory/adjustments',
    summary: 'Adjust on-hand stock with a reason',
    tag: 'Inventory',
    access: 'inventory.manage',
    audit: { action: 'stock.adjust', entity: ({ body }) => ({ type: 'stock', id: `${body.locationCode}/${body.sku}` }) },
    body: inventory.adjustParams.strict(),
    response: inventory.adjustResult,
    status: 201,
    call: ({ body }, ctx) => ctx.call(I.adjust, body),
  }),
  defineRoute({
    id: 'listDepartments',
    method: 'GET',
    path: '/admin/departments',
    summary: 'Departments',
    tag: 'Admin',
    access: 'catalog.read',
    response: departments.listDepartmentsResult,
    status: 200,
    call: (_input, ctx) => ctx.call(D.list, {}),
  }),
  defineRoute({
    id: 'createDepartment',
    method: 'POST',
    path: '/admin/departments',
    summary: 'Create a department',
    tag: 'Admin',
    access: 'catalog.manage',
    audit: { action: 'department.create', entity: ({ body }) => ({ type: 'department', id: body.code }) },
    body: departments.department.strict(),
    response: departments.department,
    status: 201,
    call: ({ body }, ctx) => ctx.call(D.create, body),
  }),
  defineRoute({
    id: 'updateDepartment',
    method: 'PUT',
    path: '/admin/departments/:code',
    params: byDepartment,
    summary: 'Rename a department',
    tag: 'Admin',
    access: 'catalog.manage',
    audit: {
      action: 'department.update',
      entity: ({ path }) => ({ type: 'department', id: path.code! }),
      before: ({ path }, ctx) => ctx.call(D.get, { code: path.code }),
    },
    body: departments.department.pick({ name: true }).strict(),
    response: departments.department,
    status: 200,
    call: ({ path, body }, ctx) => ctx.call(D.update, { code: path.code, ...body }),
  }),
  defineRoute({
    id: 'deleteDepartment',
    method: 'DELETE',
    path: '/admin/departments/:code',
    params: byDepartment,
    summary: 'Delete a department that no terminal or product uses (else 409 invalid_state with both counts); its ledger entries stay',
    tag: 'Admin',
    access: 'catalog.manage',
    audit: {
      action: 'department.delete',
      entity: ({ path }) => ({ type: 'department', id: path.code! }),
      before: ({ path }, ctx) => ctx.call(D.get, { code: path.code }),
    },
    status: 204,
    call: ({ path }, ctx) => ctx.call(D.remove, { code: path.code }),
  }),
  defineRoute({
    id: 'listProducts',
    method: 'GET',
    path: '/admin/products',
    summary: 'Products, optionally of one department or matching q',
    tag: 'Admin',
    access: 'catalog.read',
    query: inventory.listProductsParams,
    response: inventory.listProductsResult,
    status: 200,
    call: ({ query }, ctx) => ctx.call(I.listProducts, query),
  }),
  defineRoute({
    id: 'createProduct',
    method: 'POST',
    path: '/admin/products',
    summary: 'Create a product in a department',
    tag: 'Admin',
    access: 'catalog.manage',
    audit: { action: 'product.create', entity: ({ body }) => ({ type: 'product', id: body.sku }) },
    body: inventory.createProductParams.strict(),
    response: inventory.product,
    status: 201,
    call: ({ body }, ctx) => ctx.call(I.createProduct, body),
  }),
  defineRoute({
    id: 'updateProduct',
    method: 'PUT',
    path: '/admin/products/:sku',
    params: byProduct,
    summary: 'Change a product',
    tag: 'Admin',
    access: 'catalog.manage',
    audit: {
      action: 'product.update',
      entity: ({ path }) => ({ type: 'product', id: path.sku! }),
      before: ({ path }, ctx) => ctx.call(I.getProduct, { sku: path.sku }),
    },
    body: inventory.product.omit({ sku: true }).partial().strict(),
    response: inventory.product,
    status: 200,
    call: ({ path, body }, ctx) => ctx.call(I.updateProduct, { ...body, sku: path.sku }),
  }),
  defineRoute({
    id: 'deleteProduct',
    method: 'DELETE',
    path: '/admin/products/:sku',
    params: byProduct,
    summary: 'Delete a product that holds no stock at any location (else 409 invalid_state with on hand and reserved); its movements stay',
    tag: 'Admin',
    access: 'catalog.manage',
    audit: {
      action: 'product.delete',
      entity: ({ path }) => ({ type: 'product', id: path.sku! }),
      before: ({ path }, ctx) => ctx.call(I.getProduct, { sku: path.sku }),
    },
    status: 204,
    call: ({ path }, ctx) => ctx.call(I.removeProduct, { sku: path.sku }),
  }),
  defineRoute({
    id: 'listTerminals',
    method: 'GET',
    path: '/admin/terminals',
    summary: 'Terminals with their department and status',
    tag: 'Admin',
    access: 'catalog.read',
    response: terminals.listTerminalsResult,
    status: 200,
    call: (_input, ctx) => ctx.call(R.list, {}),
  }),
  defineRoute({
    id: 'listTerminalsWithToday',
    method: 'GET',
    path: '/api/admin/pos/terminals',
    summary:
      "Every terminal, ordered by id, with today's completed sales (count, total net of today's refunds) in the store time zone; figures are cached 30 s, refresh=1 recomputes them",
    tag: 'Admin',
    access: 'catalog.read',
    query: z.object({ refresh: z.enum(['0', '1']).optional() }),
    response: z.array(terminals.terminalWithToday),
    status: 200,
    call: async ({ query }, ctx) => {
      const result = await ctx.call<{ terminals: terminals.TerminalWithToday[] }>(R.listWithToday, {
        refresh: query.refresh === '1',
      });
      return result.terminals;
    },
  }),
  defineRoute({
    id: 'createTerminal',
    method: 'POST',
    path: '/admin/terminals',
    summary: 'Register a terminal; its department must exist',
    tag: 'Admin',
    access: 'catalog.manage',
    audit: { action: 'terminal.create', entity: ({ body }) => ({ type: 'terminal', id: body.id }) },
    body: terminals.createTerminalParams.strict(),
    response: terminals.terminal,
    status: 201,
    call: ({ body }, ctx) => ctx.call(R.create, body),
  }),
  defineRoute({
    id: 'updateTerminal',
    method: 'PUT',
    path: '/admin/terminals/:id',
    params: byTerminal,
    summary: 'Rename a terminal or move it to another department (not while it has open transactions)',
    tag: 'Admin',
    access: 'catalog.manage',
    audit: {
      action: 'terminal.update',
      entity: ({ path }) => ({ type: 'terminal', id: path.id! }),
      before: ({ path }, ctx) => ctx.call(R.get, { id: path.id }),
    },
    body: terminals.updateTerminalParams.omit({ id: true }).strict(),
    response: terminals.terminal,
    status: 200,
    call: ({ path, body }, ctx) => ctx.call(R.update, { ...body, id: path.id }),
  }),
  defineRoute({
    id: 'deleteTerminal',
    method: 'DELETE',
    path: '/admin/terminals/:id',
    params: byTerminal,
    summary: 'Delete a terminal with its events and certificates (not while it has open transactions)',
    tag: 'Admin',
    access: 'catalog.manage',
    audit: {
      action: 'terminal.delete',
      entity: ({ path }) => ({ type: 'terminal', id: path.id! }),
      before: ({ path }, ctx) => ctx.call(R.get, { id: path.id }),
    },
    status: 204,
    call: ({ path }, ctx) => ctx.call(R.remove, { id: path.id }),
  }),
  defineRoute({
    id: 'issueTerminalCertificate',
    method: 'POST',
    path: '/admin/terminals/:id/certificates',
    params: byTerminal,
    summary:
      "Issue a client certificate (CN = terminal id) and its private key, shown only in this answer (a replay answers privateKeyPem null); the terminal's earlier certificates stay valid for the rotation overlap",
    tag: 'Admin',
    access: 'terminals.certificates',
    audit: { action: 'certificate.issue', entity: ({ path }) => ({ type: 'terminal', id: path.id! }) },
    body: noBody,
    response: terminals.issuedCertificate,
    status: 201,
    call: ({ path }, ctx) => ctx.call(R.issueCertificate, { terminalId: path.id }),
    storedForReplay: (result) => ({ ...(result as terminals.IssuedCertificate), privateKeyPem: null }),
  }),
  defineRoute({
    id: 'listTerminalCertificates',
    method: 'GET',
    path: '/admin/terminals/:id/certificates',
    params: byTerminal,
    summary: "A terminal's certificates with their validity and revocation, never a key",
    tag: 'Admin',
    access: 'terminals.certificates',
    response: terminals.listCertificatesResult,
    status: 200,
    call: ({ path }, ctx) => ctx.call(R.listCertificates, { terminalId: path.id }),
  }),
  defineRoute({
    id: 'revokeTerminalCertificate',
    method: 'POST',
    path: '/admin/terminals/:id/certificates/:serial/revoke',
    params: byCertificate,
    summary: 'Revoke a certificate with a reason; the terminal listener refuses it from the next handshake on',
    tag: 'Admin',
    access: 'terminals.certificates',
    audit: { action: 'certificate.revoke', entity: ({ path }) => ({ type: 'certificate', id: path.serial! }) },
    body: terminals.revokeCertificateParams.pick({ reason: true }).strict(),
    response: terminals.terminalCertificate,
    status: 200,
    call: ({ path, body }, ctx) =>
      ctx.call(R.revokeCertificate, { terminalId: path.id, serialNumber: path.serial, reason: body.reason }),
  }),
  defineRoute({
    id: 'terminalCaCertificate',
    method: 'GET',
    path: '/admin/terminals/ca',
    summary: "Tillwire's terminal CA certificate (PEM), for vendors to trust the terminal listener",
    tag: 'Admin',
    access: 'terminals.certificates',
    response: terminals.caCertificateResult,
    status: 200,
    call: (_input, ctx) => ctx.call(R.caCertificate, {}),
  }),
  ...SHIFT_ROUTES,
  ...DEAD_LETTER_ROUTES,
  ...REPORT_ROUTES,
  ...AUTH_ROUTES,
  ...POS_SCREEN_ROUTES,
  ...ADMIN_CONSOLE_ROUTES,
];
