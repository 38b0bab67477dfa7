/* global __VU */
/**
 * Peak: customers arrive ever faster — 0 to PEAK_RATE checkouts a second (default 10) over a
 * minute, PEAK_RATE for two minutes, back to 0 over 30 s (× LOAD_SCALE) — whether or not the tills
 * keep up (k6's ramping-arrival-rate: PEAK_VUS VUs ready, up to PEAK_MAX_VUS; a customer arriving
 * with every VU busy is a dropped iteration). Every checkout pays cash.
 */
import { CHECKOUT_P95_MS, LATENCY_P95_MS, loadOptions, numberEnv, scaled } from '../lib/config.js';
import { checkout } from '../lib/sales.js';
import { openStore, tillOf } from '../lib/store.js';

const PEAK_RATE = Math.max(1, Math.round(numberEnv('PEAK_RATE', 10)));

export const options = loadOptions(
  {
    peak: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      preAllocatedVUs: numberEnv('PEAK_VUS', 10),
      maxVUs: numberEnv('PEAK_MAX_VUS', 40),
      stages: [
        { duration: scaled(60), target: PEAK_RATE },
        { duration: scaled(120), target: PEAK_RATE },
        { duration: scaled(30), target: 0 },
      ],
    },
  },
  {
    'http_req_duration{scenario:peak}': [`p(95)<${LATENCY_P95_MS}`],
    checkout_duration: [`p(95)<${CHECKOUT_P95_MS}`],
  },
);

export function setup() {
  return openStore();
}

export default function (store) {
  checkout(store, tillOf(store, __VU), 'cash');
}
