/* global __ENV */
/**
 * What every scenario reads from its environment (`-e NAME=value`, or the shell's with k6's default
 * --include-system-env-vars), and the options they share.
 */
import { fail } from 'k6';

/** The platform under test: the embedded platform of `npm start` unless BASE_URL says otherwise. */
export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');

export function numberEnv(name, fallback) {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!isFinite(value) || value < 0) fail(`${name} must be a number ≥ 0, got "${raw}"`);
  return value;
}

/** Multiplies every scenario duration: LOAD_SCALE=0.05 turns a 5-minute run into 15 s. */
const LOAD_SCALE = numberEnv('LOAD_SCALE', 1);

/** `seconds` scaled by LOAD_SCALE, as a k6 duration of at least one second. */
export function scaled(seconds) {
  return `${Math.max(1000, Math.round(seconds * LOAD_SCALE * 1000))}ms`;
}

/** Seconds a cashier pauses between customers. */
export const THINK_SECONDS = numberEnv('THINK_TIME', 1);
/** `off`: pay cash only (card payments need the terminals online, as the embedded platform's simulators are). */
export const CARD_PAYMENTS = (__ENV.CARD_PAYMENTS || 'on') !== 'off';
/** 95th percentile a single API request must stay under. */
export const LATENCY_P95_MS = numberEnv('LATENCY_P95_MS', 1000);
/** 95th percentile of a whole checkout (reserve, then pay). */
export const CHECKOUT_P95_MS = numberEnv('CHECKOUT_P95_MS', 3000);

/** k6 options with the thresholds every scenario keeps (no failed requests, passing checks) and `thresholds` added. */
export function loadOptions(scenarios, thresholds) {
  return {
    scenarios,
    thresholds: Object.assign({ http_req_failed: ['rate<0.01'], checks: ['rate>0.99'] }, thresholds),
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'count'],
    // Sign-ins are rate limited per address: setup may wait for a slot.
    setupTimeout: '180s',
  };
}
