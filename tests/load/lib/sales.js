/** A till's sales over the API: reserve a basket, pay it (cash or card), cancel it, refund it. */
import http from 'k6/http';
import { check } from 'k6';
import { Trend } from 'k6/metrics';
import { apiPost, bodyOf, errorCode, idempotencyKey } from './api.js';

/** From the reservation to the payment's answer, per checkout. */
export const checkoutDuration = new Trend('checkout_duration', true);

/** A card payment the terminal declines is an answer, not a failure. */
const PAYMENT_EXPECTED = http.expectedStatuses(200, 422);

/** 1-3 distinct SKUs of the till's menu, 1-2 of each. */
export function basket(till) {
  const lines = [];
  const count = 1 + Math.floor(Math.random() * Math.min(3, till.skus.length));
  while (lines.length < count) {
    const sku = till.skus[Math.floor(Math.random() * till.skus.length)];
    if (!lines.some((line) => line.sku === sku)) lines.push({ sku, quantity: 1 + Math.floor(Math.random() * 2) });
  }
  return lines;
}

/** `POST /pos/transactions`; the response as it came (201 reserved when it worked). */
export function reserve(store, till, lines, expected) {
  return apiPost(till.token, '/pos/transactions', { terminalId: till.terminalId, lines }, idempotencyKey(store.runId, 'reserve'), 'POST /pos/transactions', expected);
}

/** The payment of a whole transaction: cash handed over rounded up to 5.00, or the card for the exact total. */
export function payment(method, totalMinor) {
  return method === 'card' ? { method: 'card', amountMinor: totalMinor } : { method: 'cash', amountMinor: totalMinor, tenderedMinor: Math.ceil(totalMinor / 500) * 500 };
}

export function complete(store, till, transaction, method) {
  return apiPost(
    till.token,
    `/pos/transactions/${transaction.id}/complete`,
    { payments: [payment(method, transaction.totals.totalMinor)] },
    idempotencyKey(store.runId, 'complete'),
    'POST /pos/transactions/{id}/complete',
    method === 'card' ? PAYMENT_EXPECTED : undefined,
  );
}

export function cancel(store, till, transaction) {
  const response = apiPost(till.token, `/pos/transactions/${transaction.id}/cancel`, {}, idempotencyKey(store.runId, 'cancel'), 'POST /pos/transactions/{id}/cancel');
  check(response, { 'checkout cancelled': (r) => r.status === 200 && bodyOf(r).status === 'cancelled' });
  return response;
}

/** One unit of the sale's first line back, paid back as it was paid. */
export function refund(store, till, sale) {
  const response = apiPost(
    till.token,
    `/pos/transactions/${sale.id}/refunds`,
    { lines: [{ sku: sale.lines[0].sku, quantity: 1 }], reason: 'load test: returned' },
    idempotencyKey(store.runId, 'refund'),
    'POST /pos/transactions/{id}/refunds',
  );
  check(response, { 'sale refunded': (r) => r.status === 201 && ['partially_refunded', 'refunded'].includes(bodyOf(r).status) });
  return response;
}

/** Reserves a basket of the till's menu; the reserved transaction, or null. */
export function reserveBasket(store, till) {
  const reserved = reserve(store, till, basket(till));
  return check(reserved, { 'checkout reserved': (r) => r.status === 201 && bodyOf(r).status === 'reserved' }) ? bodyOf(reserved) : null;
}

/**
 * A whole checkout: reserve a basket, pay it. Answers the completed sale, or null (a declined card
 * fails the sale, which releases its stock).
 */
export function checkout(store, till, method) {
  const started = Date.now();
  const transaction = reserveBasket(store, till);
  if (!transaction) return null;
  const paid = complete(store, till, transaction, method);
  checkoutDuration.add(Date.now() - started, { method });
  if (method === 'card') {
    check(paid, { 'card payment approved or declined by the terminal': (r) => (r.status === 200 && bodyOf(r).status === 'completed') || errorCode(r) === 'payment_declined' });
  } else {
    check(paid, { 'cash checkout completed': (r) => r.status === 200 && bodyOf(r).status === 'completed' });
  }
  return paid.status === 200 ? bodyOf(paid) : null;
}
