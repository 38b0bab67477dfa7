/* global __VU */
/**
 * Contention on a handful of SKUs: CONTENTION_VUS cashiers (default 8) on every till buy 1-2 units
 * of the same HOT_SKUS products (default 3, the first of the first till's menu, HOT_STOCK units
 * each, default 40) for a minute (× LOAD_SCALE); 7 of 10 reservations are paid, 3 cancelled. Every
 * reservation must be reserved, refused as sold out (naming what is left) or refused as contended,
 * and at the end no hot SKU may have been oversold.
 */
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Counter, Rate } from 'k6/metrics';
import { apiPost, bodyOf, expectOk, idempotencyKey } from '../lib/api.js';
import { LATENCY_P95_MS, THINK_SECONDS, loadOptions, numberEnv, scaled } from '../lib/config.js';
import { cancel, complete, reserve } from '../lib/sales.js';
import { availability, openStore, tillOf } from '../lib/store.js';

const HOT_SKUS = numberEnv('HOT_SKUS', 3);
const HOT_STOCK = numberEnv('HOT_STOCK', 40);
const RESERVE_EXPECTED = http.expectedStatuses(201, 409, 422);

/** Units a hot SKU went below zero (on hand, reserved or available): must stay 0. */
const oversold = new Counter('oversold');
/** Reservations refused because the SKU was sold out. */
const soldOut = new Rate('sold_out');
/** Reservations refused because the stock row changed under every retry. */
const contended = new Rate('stock_contended');

export const options = loadOptions(
  { contention: { executor: 'constant-vus', vus: numberEnv('CONTENTION_VUS', 8), duration: scaled(60) } },
  {
    oversold: ['count==0'],
    'http_req_duration{scenario:contention}': [`p(95)<${LATENCY_P95_MS}`],
  },
);

/** The store, with the hot SKUs set to HOT_STOCK available at the first till's location. */
export function setup() {
  const store = openStore();
  const location = store.tills[0].locationCode;
  const hot = store.tills[0].skus.slice(0, HOT_SKUS);
  for (const level of availability(store.admin, location, hot)) {
    const delta = HOT_STOCK - level.available;
    if (delta === 0) continue;
    const body = { locationCode: location, sku: level.sku, delta, reason: 'load test: contended stock' };
    expectOk(apiPost(store.admin, '/inventory/adjustments', body, idempotencyKey(store.runId, `hot-${level.sku}`)), `stock of ${level.sku}`);
  }
  return Object.assign(store, { hot, location });
}

export default function (store) {
  const till = tillOf(store, __VU);
  const line = { sku: store.hot[Math.floor(Math.random() * store.hot.length)], quantity: 1 + Math.floor(Math.random() * 2) };
  const reserved = reserve(store, till, [line], RESERVE_EXPECTED);
  const error = (bodyOf(reserved) || {}).error || {};
  const code = error.code;
  const details = error.details || {};
  check(reserved, {
    'hot SKU reserved, sold out or contended': (r) => r.status === 201 || code === 'insufficient_stock' || code === 'stock_contention',
    'sold out names what is left': () => code !== 'insufficient_stock' || (details.sku === line.sku && details.available >= 0 && details.available < line.quantity),
  });
  soldOut.add(code === 'insufficient_stock');
  contended.add(code === 'stock_contention');
  if (reserved.status === 201) {
    const transaction = bodyOf(reserved);
    if (Math.random() < 0.7) {
      check(complete(store, till, transaction, 'cash'), { 'hot sale paid': (r) => r.status === 200 && bodyOf(r).status === 'completed' });
    } else {
      cancel(store, till, transaction);
    }
  }
  sleep(THINK_SECONDS);
}

/** No hot SKU below zero anywhere: reservations and sales never took more than there was. */
export function teardown(store) {
  for (const level of availability(store.admin, store.location, store.hot)) {
    const below = Math.max(0, -level.onHand) + Math.max(0, -level.reserved) + Math.max(0, -level.available);
    oversold.add(below, { sku: level.sku });
    check(level, { 'hot SKU not oversold': () => below === 0 && level.available === level.onHand - level.reserved });
  }
}
