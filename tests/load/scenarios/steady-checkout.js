/* global __VU */
/**
 * Steady checkout mix: one cashier per till (STEADY_VUS, default 6) for 5 minutes (× LOAD_SCALE),
 * each serving a customer, then pausing THINK_TIME seconds. Of every 20 customers 12 pay cash, 4 by
 * card (cash where the terminal is offline), 2 walk away (the reservation is cancelled) and 2 return
 * an item right after paying (refund).
 */
import { group, sleep } from 'k6';
import { CHECKOUT_P95_MS, LATENCY_P95_MS, THINK_SECONDS, loadOptions, numberEnv, scaled } from '../lib/config.js';
import { cancel, checkout, refund, reserveBasket } from '../lib/sales.js';
import { openStore, tillOf } from '../lib/store.js';

export const options = loadOptions(
  { steady: { executor: 'constant-vus', vus: numberEnv('STEADY_VUS', 6), duration: scaled(300) } },
  {
    'http_req_duration{scenario:steady}': [`p(95)<${LATENCY_P95_MS}`],
    checkout_duration: [`p(95)<${CHECKOUT_P95_MS}`],
  },
);

export function setup() {
  return openStore();
}

export default function (store) {
  const till = tillOf(store, __VU);
  const roll = Math.random();
  if (roll < 0.6) {
    group('cash sale', () => checkout(store, till, 'cash'));
  } else if (roll < 0.8) {
    group('card sale', () => checkout(store, till, till.card ? 'card' : 'cash'));
  } else if (roll < 0.9) {
    group('walk-away', () => {
      const transaction = reserveBasket(store, till);
      if (transaction) cancel(store, till, transaction);
    });
  } else {
    group('sale and return', () => {
      const sale = checkout(store, till, 'cash');
      if (sale) refund(store, till, sale);
    });
  }
  sleep(THINK_SECONDS);
}
