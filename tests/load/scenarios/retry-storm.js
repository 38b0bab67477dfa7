/* global __VU */
/**
 * Idempotent-retry storm: STORM_VUS cashiers (default 3) each make STORM_ITERATIONS checkouts
 * (default 20) whose every POST a flaky network repeats — STORM_FANOUT copies at once (default 4),
 * then once more after the answer. Every copy must get the first answer byte for byte (or
 * `in_progress` while it still runs), the key with another body `idempotency_key_reused`, and each
 * sale exactly one payment: by card where the terminal is online, so the terminal charges once.
 */
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Counter, Rate } from 'k6/metrics';
import { apiGet, apiPost, apiPostConcurrently, bodyOf, errorCode, expectOk, idempotencyKey } from '../lib/api.js';
import { LATENCY_P95_MS, THINK_SECONDS, loadOptions, numberEnv, scaled } from '../lib/config.js';
import { basket, payment } from '../lib/sales.js';
import { openStore, tillOf } from '../lib/store.js';

const FANOUT = numberEnv('STORM_FANOUT', 4);
/** Replays, in_progress refusals, key reuse and declined cards are all answers here. */
const STORM_EXPECTED = http.expectedStatuses(200, 201, 409, 422);

/** Whether a retry after the answer got that answer again, byte for byte. */
const replayIdentical = new Rate('replay_identical');
/** Payments beyond the one a sale may have (or missing from it). */
const duplicateEffects = new Counter('duplicate_effects');

export const options = loadOptions(
  {
    storm: {
      executor: 'per-vu-iterations',
      vus: numberEnv('STORM_VUS', 3),
      iterations: numberEnv('STORM_ITERATIONS', 20),
      maxDuration: scaled(300),
    },
  },
  {
    replay_identical: ['rate==1'],
    duplicate_effects: ['count==0'],
    'http_req_duration{scenario:storm}': [`p(95)<${LATENCY_P95_MS}`],
  },
);

export function setup() {
  return openStore();
}

export default function (store) {
  const till = tillOf(store, __VU);
  const lines = basket(till);
  const reserveKey = idempotencyKey(store.runId, 'storm-reserve');
  const reserved = group('reserve, repeated', () => storm(till, '/pos/transactions', { terminalId: till.terminalId, lines }, reserveKey, 'POST /pos/transactions'));
  if (!check(reserved, { 'storm reserved one checkout': (r) => r !== null && r.status === 201 })) return;
  const transaction = bodyOf(reserved);

  group('key reused with another body', () => {
    const changed = { terminalId: till.terminalId, lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity + 1 })) };
    const reused = apiPost(till.token, '/pos/transactions', changed, reserveKey, 'POST /pos/transactions', STORM_EXPECTED);
    check(reused, { 'another body under a used key is refused': (r) => r.status === 409 && errorCode(r) === 'idempotency_key_reused' });
  });

  const method = till.card ? 'card' : 'cash';
  const body = { payments: [payment(method, transaction.totals.totalMinor)] };
  const path = `/pos/transactions/${transaction.id}/complete`;
  const paid = group('pay, repeated', () => storm(till, path, body, idempotencyKey(store.runId, 'storm-pay'), 'POST /pos/transactions/{id}/complete'));
  if (!check(paid, { 'storm payment answered': (r) => r !== null && (r.status === 200 || errorCode(r) === 'payment_declined') })) return;

  group('one payment per sale', () => {
    const sale = expectOk(apiGet(till.token, `/pos/transactions/${transaction.id}`, 'GET /pos/transactions/{id}'), 'the stormed sale');
    const approved = sale.payments.filter((p) => p.status === 'approved');
    const expected = paid.status === 200 ? 1 : 0;
    duplicateEffects.add(Math.abs(approved.length - expected));
    check(sale, {
      'exactly the payment of the first answer taken': () => approved.length === expected && approved.every((p) => p.amountMinor === transaction.totals.totalMinor),
      'sale in the state of the first answer': (s) => s.status === (expected ? 'completed' : 'failed'),
    });
  });
  sleep(THINK_SECONDS);
}

/**
 * The POST sent FANOUT times at once under one key, then once more after the answers: every copy
 * must be the one answer (or in_progress while it ran), the late one too. Answers that answer.
 */
function storm(till, path, body, key, name) {
  const burst = apiPostConcurrently(FANOUT, till.token, path, body, key, name, STORM_EXPECTED);
  const answers = burst.filter((r) => errorCode(r) !== 'in_progress');
  check(burst, {
    'concurrent copies: one answer, the others in_progress': (all) =>
      answers.length >= 1 && answers.every((r) => r.status === answers[0].status && r.body === answers[0].body) && all.every((r) => r.status !== 0),
  });
  if (answers.length === 0) return null;
  const retry = apiPost(till.token, path, body, key, name, STORM_EXPECTED);
  const identical = retry.status === answers[0].status && retry.body === answers[0].body;
  replayIdentical.add(identical);
  check(retry, { 'a late retry gets the first answer byte for byte': () => identical });
  return answers[0];
}
