/* global __ITER, __VU */
/**
 * Admin dashboard polling while terminals sell: SELL_VUS cashiers (default 6) sell (3 of 10 by card
 * where the terminal is online) with THINK_TIME pauses while admins poll the terminal list with
 * today's figures, `GET /api/admin/pos/terminals`, POLL_RATE times a second (default 2; every fifth
 * poll with refresh=1, recomputing the cached figures), for 2 minutes (× LOAD_SCALE).
 */
import { check, sleep } from 'k6';
import { apiGet, bodyOf, expectOk } from '../lib/api.js';
import { LATENCY_P95_MS, THINK_SECONDS, loadOptions, numberEnv, scaled } from '../lib/config.js';
import { checkout } from '../lib/sales.js';
import { openStore, tillOf } from '../lib/store.js';

const DURATION = scaled(120);
const DASHBOARD = '/api/admin/pos/terminals';

export const options = loadOptions(
  {
    tills: { executor: 'constant-vus', vus: numberEnv('SELL_VUS', 6), duration: DURATION, exec: 'sell' },
    dashboard: {
      executor: 'constant-arrival-rate',
      rate: numberEnv('POLL_RATE', 2),
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: 2,
      maxVUs: numberEnv('POLL_MAX_VUS', 6),
      exec: 'dashboard',
    },
  },
  {
    'http_req_duration{scenario:dashboard}': [`p(95)<${LATENCY_P95_MS}`],
    'checks{scenario:dashboard}': ['rate==1'],
    'http_req_duration{scenario:tills}': [`p(95)<${LATENCY_P95_MS}`],
  },
);

/** Completed sales today over every terminal, freshly computed. */
function salesToday(admin) {
  const terminals = expectOk(apiGet(admin, `${DASHBOARD}?refresh=1`, `GET ${DASHBOARD}`), 'the dashboard');
  return terminals.reduce((sum, terminal) => sum + terminal.today.count, 0);
}

export function setup() {
  const store = openStore();
  return Object.assign(store, { salesBefore: salesToday(store.admin) });
}

export function sell(store) {
  const till = tillOf(store, __VU);
  checkout(store, till, till.card && Math.random() < 0.3 ? 'card' : 'cash');
  sleep(THINK_SECONDS);
}

export function dashboard(store) {
  const response = apiGet(store.admin, __ITER % 5 === 0 ? `${DASHBOARD}?refresh=1` : DASHBOARD, `GET ${DASHBOARD}`);
  const terminals = bodyOf(response);
  check(response, {
    'dashboard lists the terminals': (r) => r.status === 200 && Array.isArray(terminals) && terminals.length > 0,
    "every terminal shows today's count and total": () =>
      Array.isArray(terminals) && terminals.every((t) => Number.isInteger(t.today.count) && t.today.count >= 0 && Number.isInteger(t.today.totalMinor)),
  });
}

/** The sales of the run show on the dashboard (the store's day turning over midnight meanwhile aside). */
export function teardown(store) {
  const salesAfter = salesToday(store.admin);
  check(salesAfter, { "the dashboard counts the run's sales": (count) => count > store.salesBefore });
}
