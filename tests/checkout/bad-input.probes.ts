import fc from 'fast-check';
import { code, sku, terminals, transactions } from '../../libs/contracts/src/index';
import { textWithoutNul, validValue, type QueryModel } from './bad-input.arbitraries';
import type { World } from './bad-input.world';

/** A request that passes validation and must be refused by a business rule with one of `codes`. */
export interface Probe {
  path?: Record<string, string>;
  query?: QueryModel;
  body?: unknown;
  codes: readonly string[];
}

/**
 * Values the server does not hold, and the business-rule probes of each route: requests that pass
 * validation and name something that does not exist, or ask for what the rules refuse. The world
 * is read when values are generated, after the test has set it up.
 */
export function probesOf(worldOf: () => World) {
  // Without NUL, which PostgreSQL refuses in text: that has a category of its own, so it cannot hide these.
  const notExisting = (value: string) => !worldOf().existing.has(value.trim());
  const unknownUuid = () => fc.uuid().filter(notExisting);
  const unknownCode = () => validValue(code).map(String).filter(notExisting);
  const unknownTerminal = () => validValue(terminals.terminalId).map(String).filter(notExisting);
  const unknownSku = () => validValue(sku, textWithoutNul).map(String).filter(notExisting);
  const freeText = (max = 64) => textWithoutNul(1, max).filter((s) => s.trim().length > 0);
  const line = { sku: 'GRO-001', quantity: 1 };
  const validPayments = () => validValue(transactions.completeTransactionRequest, textWithoutNul) as fc.Arbitrary<{ payments: Array<{ amountMinor: number }> }>;

  /** Routes without an entry (lists) have no such input; every route gets the generic cases. */
  const byRoute: Record<string, () => fc.Arbitrary<Probe>> = {
    // No day of the fixtures was reconciled.
    getReconciliation: () =>
      fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => ({ path: { date: d.toISOString().slice(0, 10) }, codes: ['not_found'] })),
    createTransaction: () =>
      fc.oneof(
        fc.tuple(unknownTerminal(), fc.option(freeText(), { nil: undefined })).map(([terminalId, customerId]) => ({
          body: { terminalId, lines: [line], ...(customerId === undefined ? {} : { customerId }) },
          codes: ['not_found'],
        })),
        // (A discount above the threshold is approved by the admin these requests come from: checkout-rules covers it.)
        unknownSku().map((s) => ({ body: { terminalId: 'T1', lines: [{ sku: s, quantity: 1 }] }, codes: ['not_found'] })),
      ),
    getTransaction: () => unknownUuid().map((id) => ({ path: { id }, codes: ['not_found'] })),
    completeTransaction: () =>
      fc.oneof(
        fc.tuple(unknownUuid(), validPayments()).map(([id, body]) => ({ path: { id }, body, codes: ['not_found'] })),
        validPayments()
          .filter(({ payments }) => payments.reduce((sum, p) => sum + p.amountMinor, 0) !== worldOf().reserved.totalMinor)
          .map((body) => ({ path: { id: worldOf().reserved.id }, body, codes: ['payment_mismatch'] })),
        validPayments().map((body) => ({ path: { id: worldOf().cancelledId }, body, codes: ['invalid_state'] })),
        // T2's shift is closed: the exact total is refused because no shift is open, and nothing changes.
        fc.constantFrom('cash', 'card').map((method) => ({
          path: { id: worldOf().unpayable.id },
          body: { payments: [{ method, amountMinor: worldOf().unpayable.totalMinor }] },
          codes: ['invalid_state'],
        })),
      ),
    cancelTransaction: () =>
      fc.oneof(
        unknownUuid().map((id) => ({ path: { id }, body: {}, codes: ['not_found'] })),
        fc.constant({ path: { id: worldOf().completedId }, body: {}, codes: ['invalid_state'] }),
      ),
    refundTransaction: () => {
      const reason = freeText(500);
      return fc.oneof(
        fc.tuple(unknownUuid(), reason).map(([id, r]) => ({ path: { id }, body: { lines: [line], reason: r }, codes: ['not_found'] })),
        fc.tuple(fc.constantFrom(worldOf().reserved.id, worldOf().cancelledId), reason).map(([id, r]) => ({ path: { id }, body: { lines: [line], reason: r }, codes: ['invalid_state'] })),
        // The completed fixture sold one GRO-001: another SKU, or more than one, cannot be refunded.
        // Paid in cash on T2, whose shift is closed: no drawer can pay it back.
        reason.map((r) => ({ path: { id: worldOf().unrefundableId }, body: { lines: [line], reason: r }, codes: ['invalid_state'] })),
        fc.tuple(unknownSku(), reason).map(([s, r]) => ({ path: { id: worldOf().completedId }, body: { lines: [{ sku: s, quantity: 1 }], reason: r }, codes: ['validation_failed'] })),
        fc.tuple(fc.integer({ min: 2, max: 10_000 }), reason).map(([quantity, r]) => ({
          path: { id: worldOf().completedId },
          body: { lines: [{ sku: 'GRO-001', quantity }], reason: r },
          codes: ['validation_failed'],
        })),
      );
    },
    openShift: () => {
      const body = fc.tuple(freeText(64), fc.nat()).map(([operatorId, openingFloatMinor]) => ({ operatorId, openingFloatMinor }));
      return fc.oneof(
        fc.tuple(unknownTerminal(), body).map(([id, b]) => ({ path: { id }, body: b, codes: ['not_found'] })),
        // T1 has its seeded shift open.
        body.map((b) => ({ path: { id: worldOf().openShift.terminalId }, body: b, codes: ['invalid_state'] })),
      );
    },
    closeShift: () => {
      const body = fc.nat().map((countedCashMinor) => ({ countedCashMinor }));
      const { openShift, closedShift } = worldOf();
      return fc.oneof(
        fc.tuple(unknownTerminal(), body).map(([id, b]) => ({ path: { id, shiftId: openShift.shiftId }, body: b, codes: ['not_found'] })),
        fc.tuple(unknownUuid(), body).map(([shiftId, b]) => ({ path: { id: openShift.terminalId, shiftId }, body: b, codes: ['not_found'] })),
        // Another terminal's shift is not this terminal's.
        body.map((b) => ({ path: { id: 'T3', shiftId: openShift.shiftId }, body: b, codes: ['not_found'] })),
        body.map((b) => ({ path: { id: closedShift.terminalId, shiftId: closedShift.shiftId }, body: b, codes: ['invalid_state'] })),
      );
    },
    shiftReport: () =>
      fc.oneof(
        unknownUuid().map((shiftId) => ({ path: { id: worldOf().openShift.terminalId, shiftId }, codes: ['not_found'] })),
        unknownTerminal().map((id) => ({ path: { id, shiftId: worldOf().openShift.shiftId }, codes: ['not_found'] })),
      ),
    listShifts: () =>
      fc.tuple(unknownTerminal(), fc.option(fc.constantFrom('open', 'closed'), { nil: undefined })).map(([id, status]) => ({
        path: { id },
        ...(status === undefined ? {} : { query: { status } }),
        codes: ['not_found'],
      })),
    catalog: () =>
      fc.tuple(unknownTerminal(), fc.option(textWithoutNul(0, 100), { nil: undefined })).map(([terminalId, q]) => ({
        query: { terminalId, ...(q === undefined ? {} : { q }) },
        codes: ['not_found'],
      })),
    availability: () =>
      fc.oneof(
        fc.array(unknownSku().filter((s) => !s.includes(',')), { minLength: 1, maxLength: 3 }).map((skus) => ({ query: { skus: skus.join(',') }, codes: ['not_found'] })),
        unknownCode().map((location) => ({ query: { skus: 'GRO-001', location }, codes: ['not_found'] })),
      ),
    receiveStock: () =>
      fc.oneof(
        fc.tuple(unknownSku(), fc.integer({ min: 1, max: 10_000 })).map(([s, quantity]) => ({ body: { locationCode: 'MAIN', lines: [{ sku: s, quantity }] }, codes: ['not_found'] })),
        fc.tuple(unknownCode(), fc.option(freeText(), { nil: undefined })).map(([locationCode, reference]) => ({
          body: { locationCode, lines: [line], ...(reference === undefined ? {} : { reference }) },
          codes: ['not_found'],
        })),
      ),
    adjustStock: () =>
      fc.oneof(
        fc.tuple(unknownSku(), freeText(500)).map(([s, reason]) => ({ body: { locationCode: 'MAIN', sku: s, delta: 1, reason }, codes: ['not_found'] })),
        fc.tuple(unknownCode(), freeText(500)).map(([locationCode, reason]) => ({ body: { locationCode, sku: 'GRO-001', delta: 1, reason }, codes: ['not_found'] })),
        fc.tuple(fc.integer({ min: -100_000, max: -1_000 }), freeText(500)).map(([delta, reason]) => ({
          body: { locationCode: 'MAIN', sku: 'GRO-001', delta, reason },
          codes: ['insufficient_stock'],
        })),
      ),
    createDepartment: () =>
      fc.tuple(fc.constantFrom('GROCERY', 'HOME', 'ELECTRONICS'), freeText(120)).map(([c, name]) => ({ body: { code: c, name }, codes: ['already_exists'] })),
    updateDepartment: () => fc.tuple(unknownCode(), freeText(120)).map(([c, name]) => ({ path: { code: c }, body: { name }, codes: ['not_found'] })),
    createProduct: () => {
      const product = (overrides: object) =>
        fc.tuple(unknownSku(), freeText(200)).map(([s, name]) => ({ sku: s, barcode: null, name, priceMinor: 100, taxRateBp: 2000, departmentCode: 'GROCERY', ...overrides }));
      return fc.oneof(
        product({ sku: 'GRO-001' }).map((body) => ({ body, codes: ['already_exists'] })),
        fc.constantFrom(...worldOf().otherBarcodes).chain((barcode) => product({ barcode })).map((body) => ({ body, codes: ['already_exists'] })),
        // Terminals refuse an unknown department as validation_failed; a product must not be created in one.
        unknownCode().chain((departmentCode) => product({ departmentCode })).map((body) => ({ body, codes: ['validation_failed', 'not_found'] })),
      );
    },
    updateProduct: () =>
      fc.oneof(
        fc.tuple(unknownSku(), freeText(200)).map(([s, name]) => ({ path: { sku: s }, body: { name }, codes: ['not_found'] })),
        fc.constantFrom(...worldOf().otherBarcodes).map((barcode) => ({ path: { sku: 'GRO-001' }, body: { barcode }, codes: ['already_exists'] })),
        unknownCode().map((departmentCode) => ({ path: { sku: 'GRO-001' }, body: { departmentCode }, codes: ['validation_failed', 'not_found'] })),
      ),
    createTerminal: () => {
      const terminal = (overrides: object) =>
        fc.tuple(unknownTerminal(), freeText(120), fc.constantFrom('simulator', 'nexo')).map(([id, name, vendor]) => ({ id, name, departmentCode: 'GROCERY', vendor, ...overrides }));
      return fc.oneof(
        terminal({ id: 'T1' }).map((body) => ({ body, codes: ['already_exists'] })),
        unknownCode().chain((departmentCode) => terminal({ departmentCode })).map((body) => ({ body, codes: ['validation_failed'] })),
        unknownCode().chain((locationCode) => terminal({ locationCode })).map((body) => ({ body, codes: ['validation_failed', 'not_found'] })),
      );
    },
    updateTerminal: () =>
      fc.oneof(
        fc.tuple(unknownTerminal(), freeText(120)).map(([id, name]) => ({ path: { id }, body: { name }, codes: ['not_found'] })),
        unknownCode().map((departmentCode) => ({ path: { id: 'T1' }, body: { departmentCode }, codes: ['validation_failed'] })),
        // T1 has an open (reserved) transaction, so it cannot move.
        fc.constantFrom('HOME', 'ELECTRONICS').map((departmentCode) => ({ path: { id: 'T1' }, body: { departmentCode }, codes: ['invalid_state'] })),
      ),
    // Deletes only of what does not exist or what the rules keep: the run must leave every table as it was.
    deleteDepartment: () =>
      fc.oneof(
        unknownCode().map((c) => ({ path: { code: c }, codes: ['not_found'] })),
        // Every seeded department has terminals and products.
        fc.constantFrom('GROCERY', 'HOME', 'ELECTRONICS').map((c) => ({ path: { code: c }, codes: ['invalid_state'] })),
      ),
    deleteProduct: () =>
      fc.oneof(
        unknownSku().map((s) => ({ path: { sku: s }, codes: ['not_found'] })),
        // Every seeded product has stock on hand.
        fc.constantFrom('GRO-001', 'HOM-010', 'ELE-020').map((s) => ({ path: { sku: s }, codes: ['invalid_state'] })),
      ),
    deleteTerminal: () =>
      fc.oneof(
        unknownTerminal().map((id) => ({ path: { id }, codes: ['not_found'] })),
        // T1 has an open (reserved) transaction.
        fc.constant({ path: { id: 'T1' }, codes: ['invalid_state'] }),
      ),
  };

  /** Existing values for a route's path parameters: bad bodies and headers must not touch them either. */
  const existingPaths: Record<string, () => Array<Record<string, string>>> = {
    getTransaction: () => transactionPaths(),
    completeTransaction: () => transactionPaths(),
    cancelTransaction: () => transactionPaths(),
    refundTransaction: () => transactionPaths(),
    updateDepartment: () => [{ code: 'GROCERY' }],
    updateProduct: () => [{ sku: 'GRO-001' }],
    updateTerminal: () => [{ id: 'T1' }],
    deleteDepartment: () => [{ code: 'GROCERY' }],
    deleteProduct: () => [{ sku: 'GRO-001' }],
    deleteTerminal: () => [{ id: 'T1' }],
    // Only T1 (its shift open, so no open can succeed) for the open; both shifts for the rest.
    openShift: () => [{ id: worldOf().openShift.terminalId }],
    closeShift: () => shiftPaths(),
    shiftReport: () => shiftPaths(),
    listShifts: () => [{ id: worldOf().openShift.terminalId }, { id: worldOf().closedShift.terminalId }],
  };
  const shiftPaths = () => [worldOf().openShift, worldOf().closedShift].map(({ terminalId, shiftId }) => ({ id: terminalId, shiftId }));
  const transactionPaths = () => [worldOf().reserved.id, worldOf().cancelledId, worldOf().completedId].map((id) => ({ id }));

  return { byRoute, existingPaths, unknownUuid, unknownCode };
}
