/* global __VU, __ITER */
/** The Tillwire HTTP API as the scenarios call it: JSON, bearer tokens, Idempotency-Key on every POST. */
import http from 'k6/http';
import { fail, sleep } from 'k6';
import { BASE_URL } from './config.js';

/** Request parameters: the caller's token, the key of a POST, the `name` tag that groups URLs in the summary. */
function params(token, name, key, expected) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (key) headers['Idempotency-Key'] = key;
  const result = { headers, tags: { name } };
  if (expected) result.responseCallback = expected;
  return result;
}

export function apiGet(token, path, name) {
  return http.get(BASE_URL + path, params(token, name || `GET ${path}`));
}

/** A POST under Idempotency-Key `key`; `expected` lists the statuses that are not failures (default 2xx/3xx). */
export function apiPost(token, path, body, key, name, expected) {
  return http.post(BASE_URL + path, JSON.stringify(body), params(token, name || `POST ${path}`, key, expected));
}

/** The same POST `count` times at once (one k6 batch). */
export function apiPostConcurrently(count, token, path, body, key, name, expected) {
  const request = ['POST', BASE_URL + path, JSON.stringify(body), params(token, name, key, expected)];
  const requests = [];
  for (let i = 0; i < count; i += 1) requests.push(request);
  return http.batch(requests);
}

/** The body as JSON, or null when it is not JSON. */
export function bodyOf(response) {
  try {
    return response.json();
  } catch {
    return null;
  }
}

/** The `error.code` of an error answer. */
export function errorCode(response) {
  const body = bodyOf(response);
  return body && body.error ? body.error.code : undefined;
}

/** The JSON of a successful answer; anything else ends the iteration (or setup) with what went wrong. */
export function expectOk(response, what) {
  if (response.status < 200 || response.status >= 300) fail(`${what}: ${response.status} ${response.error || response.body}`);
  return bodyOf(response);
}

/** An Idempotency-Key unique to this run, VU, iteration and `label`. */
export function idempotencyKey(runId, label) {
  return `${runId}-${__VU}-${__ITER}-${label}-${Math.random().toString(36).slice(2, 10)}`;
}

const LOGIN_EXPECTED = http.expectedStatuses(200, 429);

/** `POST /auth/login`; waits out the sign-in rate limit (429, Retry-After) a few times. Answers the access token. */
export function signIn(credentials) {
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const response = http.post(`${BASE_URL}/auth/login`, JSON.stringify(credentials), params(null, 'POST /auth/login', null, LOGIN_EXPECTED));
    if (response.status !== 429) return expectOk(response, `sign-in of ${credentials.username}`).accessToken;
    sleep(Number(response.headers['Retry-After']) || 10);
  }
  return fail(`sign-in of ${credentials.username}: still rate limited`);
}
