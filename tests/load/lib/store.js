/* global __ENV */
/**
 * The store a scenario sells in, prepared by setup(): an admin's token and, for every terminal whose
 * department has an operator PIN in OPERATOR_PINS, an operator's session bound to it, an open shift
 * and the menu, stocked up.
 */
import { fail, sleep } from 'k6';
import { apiGet, apiPost, expectOk, idempotencyKey, signIn } from './api.js';
import { CARD_PAYMENTS, numberEnv } from './config.js';

/** Units of every sold SKU on hand when a run starts. */
const STOCK_LEVEL = numberEnv('STOCK_LEVEL', 500);
/** How long setup waits for the terminals that take cards to be online. */
const TERMINAL_WAIT_SECONDS = numberEnv('TERMINAL_WAIT', 30);

/** ADMIN_TOKEN, or a sign-in with ADMIN_USERNAME (default admin) and ADMIN_PASSWORD. */
export function adminToken() {
  if (__ENV.ADMIN_TOKEN) return __ENV.ADMIN_TOKEN;
  if (!__ENV.ADMIN_PASSWORD) fail('Set ADMIN_PASSWORD (printed at the first `npm start`; `npm run cli -- users set-password admin` sets a new one) or ADMIN_TOKEN');
  return signIn({ username: __ENV.ADMIN_USERNAME || 'admin', password: __ENV.ADMIN_PASSWORD });
}

/**
 * OPERATOR_PINS="GROCERY=123456,HOME=654321" (department=PIN, the user being operator-<department>),
 * or department=username:PIN for another operator of that department.
 */
function operators() {
  const result = {};
  for (const entry of (__ENV.OPERATOR_PINS || '').split(',')) {
    const [department, secret] = entry.split('=').map((part) => part.trim());
    if (!department || !secret) continue;
    const [username, pin] = secret.includes(':') ? secret.split(':') : [`operator-${department.toLowerCase()}`, secret];
    result[department.toUpperCase()] = { username, pin };
  }
  return result;
}

/** Everything setup() hands the VUs: `{runId, admin, tills: [{terminalId, departmentCode, locationCode, token, skus, card}]}`. */
export function openStore() {
  const runId = `load-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const admin = adminToken();
  const pins = operators();
  const only = __ENV.TERMINALS ? __ENV.TERMINALS.split(',').map((id) => id.trim()) : null;
  const terminals = expectOk(apiGet(admin, '/admin/terminals'), 'terminal list').terminals.filter(
    (terminal) => pins[terminal.departmentCode] && (!only || only.includes(terminal.id)),
  );
  if (terminals.length === 0) {
    fail('No terminal to sell on: OPERATOR_PINS needs a PIN for the department of a terminal (e.g. OPERATOR_PINS=GROCERY=123456)');
  }
  const tills = terminals.map((terminal) => {
    const operator = pins[terminal.departmentCode];
    const token = signIn({ terminalId: terminal.id, username: operator.username, pin: operator.pin });
    openShift(token, runId, terminal.id, operator.username);
    const menu = expectOk(apiGet(token, `/catalog/products?terminalId=${terminal.id}`, 'GET /catalog/products'), `menu of ${terminal.id}`);
    const skus = menu.products.filter((product) => product.active).map((product) => product.sku);
    if (skus.length === 0) fail(`Terminal ${terminal.id} has nothing on its menu`);
    return { terminalId: terminal.id, departmentCode: terminal.departmentCode, locationCode: terminal.locationCode, token, skus, card: false };
  });
  stockUp(admin, runId, tills);
  if (CARD_PAYMENTS) acceptCards(admin, tills);
  return { runId, admin, tills };
}

/** The till a VU works: VU n takes the n-th till, round the tills. */
export function tillOf(store, vu) {
  return store.tills[(vu - 1) % store.tills.length];
}

/** The terminal's open shift, opened by the operator when there is none (card and cash payments need one). */
function openShift(token, runId, terminalId, operatorId) {
  const open = expectOk(apiGet(token, `/pos/terminals/${terminalId}/shifts?status=open&limit=1`, 'GET /pos/terminals/{id}/shifts'), `shifts of ${terminalId}`);
  if (open.shifts.length > 0) return;
  const opened = apiPost(token, `/pos/terminals/${terminalId}/shifts/open`, { operatorId, openingFloatMinor: 0 }, idempotencyKey(runId, `shift-${terminalId}`), 'POST /pos/terminals/{id}/shifts/open');
  expectOk(opened, `opening a shift on ${terminalId}`);
}

/** Receives stock so every SKU the tills sell has STOCK_LEVEL available at their location. */
function stockUp(admin, runId, tills) {
  const byLocation = {};
  for (const till of tills) {
    const skus = byLocation[till.locationCode] || (byLocation[till.locationCode] = []);
    for (const sku of till.skus) if (!skus.includes(sku)) skus.push(sku);
  }
  for (const location of Object.keys(byLocation)) {
    const skus = byLocation[location];
    for (let from = 0; from < skus.length; from += 200) {
      const levels = availability(admin, location, skus.slice(from, from + 200));
      const lines = levels.filter((level) => level.available < STOCK_LEVEL).map((level) => ({ sku: level.sku, quantity: STOCK_LEVEL - level.available }));
      if (lines.length === 0) continue;
      const received = apiPost(admin, '/inventory/receipts', { locationCode: location, lines, reference: runId }, idempotencyKey(runId, `stock-${location}-${from}`));
      expectOk(received, `stock receipt at ${location}`);
    }
  }
}

/** Stock levels of `skus` at `location`, in the same order. */
export function availability(token, location, skus) {
  const path = `/inventory/availability?skus=${skus.map(encodeURIComponent).join(',')}&location=${location}`;
  return expectOk(apiGet(token, path, 'GET /inventory/availability'), `availability at ${location}`).levels;
}

/** Marks the tills whose terminal is online (or comes online within TERMINAL_WAIT seconds) as taking cards. */
function acceptCards(admin, tills) {
  const deadline = Date.now() + TERMINAL_WAIT_SECONDS * 1000;
  for (;;) {
    const online = expectOk(apiGet(admin, '/admin/terminals'), 'terminal list')
      .terminals.filter((terminal) => terminal.status === 'online')
      .map((terminal) => terminal.id);
    for (const till of tills) till.card = online.includes(till.terminalId);
    if (tills.every((till) => till.card) || Date.now() >= deadline) return;
    sleep(1);
  }
}
