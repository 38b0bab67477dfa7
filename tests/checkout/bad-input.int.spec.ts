import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../services/api/src/http/route';
import { ROUTES } from '../../services/api/src/http/routes';
import {
  badIdempotencyKey,
  brokenJsonText,
  garbageQuery,
  garbageSegment,
  invalidQuery,
  invalidValue,
  malformedSegment,
  nonObjectJsonText,
  oversizedText,
  serializeQuery,
  undecodableSegment,
  unreadableBodyHeaders,
  validValue,
  withNul,
  type QueryModel,
} from './bad-input.arbitraries';
import { probesOf, type Probe } from './bad-input.probes';
import { createWorld, type World } from './bad-input.world';
import { changedTables as changedTablesBut, settled, tableFingerprints, type Fingerprint } from '../support/table-fingerprint';
import { ADMIN_TOKEN, ADMIN_USER_ID, startCheckoutPlatform, type CheckoutPlatform } from './checkout-api';

/**
 * Property-based bad input against every route in ROUTES (a new route is covered by the generic
 * categories at once; bad-input.probes.ts adds its business-rule refusals): every answer is below 500 and every
 * error a documented `{error:{code,message}}` (only ignored garbage query parameters may get a 2xx),
 * no table changes, and an Idempotency-Key is stored only by a request that passed validation.
 */

const SEED = 20_261_121;
const BODY_LIMIT_BYTES = 256 * 1024;
const DOCUMENTED_CODES = [
  'validation_failed', 'not_found', 'idempotency_key_reused', 'in_progress', 'invalid_state', 'insufficient_stock',
  'reservation_expired', 'payment_declined', 'discount_needs_approval', 'payment_mismatch', 'payload_too_large',
  'already_exists', 'unsupported_media_type',
] as const;


/**
 * How a case must be answered. `edge`: refused by validation before the Idempotency-Key is claimed.
 * `after_claim`: refused behind validation, so the key keeps the final answer. `either`: may be either.
 */
type KeyRule = 'edge' | 'after_claim' | 'either';
interface Case {
  kind: string;
  method: string;
  path: string;
  query: string;
  body?: string;
  key?: string;
  headers?: Record<string, string>;
  statuses: number[] | 'any_below_500' | '4xx';
  codes: readonly string[];
  keyRule: KeyRule;
  /** The same key with another valid request must be refused as reused. */
  reuse?: { path: string; body?: string };
}

let api: CheckoutPlatform;
let base: string;
let world: World;
const probes = probesOf(() => world);
let fingerprint: () => Promise<Fingerprint>;
let baseline: Fingerprint;
let last: Fingerprint;
let keyCounter = 0;
/** Every POST answer by `scope/key`, to check the idempotency table against at the end. */
const answers = new Map<string, { status: number; text: string; keyRule: KeyRule }>();

beforeAll(async () => {
  api = await startCheckoutPlatform();
  // Raw requests (broken JSON, missing headers) need the API's address, not the JSON helpers.
  base = `http://127.0.0.1:${Number(api.node.broker.getLocalService('api').settings.port)}`;
  world = await createWorld(api);
  fingerprint = await tableFingerprints(api.node.database.db.sql);
  baseline = await settled(fingerprint);
  last = baseline;
}, 120_000);
afterAll(() => api?.stop());

const IDEMPOTENCY_TABLE = 'platform.idempotency_keys';

/** Tables whose rows differ; the idempotency keys are checked on their own. */
const changedTables = (before: Fingerprint, after: Fingerprint) => changedTablesBut(before, after, [IDEMPOTENCY_TABLE]);

// ---------------------------------------------------------------------------------------------
// Cases per route

const paramNames = (route: Route) => [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);

function fillPath(route: Route, segments: Record<string, string>): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => segments[name]!);
}

const encodeAll = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)]));

/** Encoded segments for every parameter: an existing resource or a well-formed unknown one. */
function pathSegments(route: Route): fc.Arbitrary<Record<string, string>> {
  const names = paramNames(route);
  if (names.length === 0) return fc.constant({});
  const unknown = fc.record(Object.fromEntries(names.map((n) => [n, fc.oneof(probes.unknownUuid(), probes.unknownCode())])));
  const existing = probes.existingPaths[route.id]?.() ?? [];
  return (existing.length > 0 ? fc.oneof(fc.constantFrom(...existing), unknown) : unknown).map(encodeAll);
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const malformed = { statuses: [400], codes: ['validation_failed'], keyRule: 'edge' as const };

/** A route's request with everything not under attack left well-formed. */
function requestOf(route: Route, segments: Record<string, string>, parts: Partial<Case> & Pick<Case, 'kind' | 'statuses' | 'codes' | 'keyRule'>): Case {
  return {
    method: route.method,
    path: fillPath(route, segments),
    query: '',
    ...(route.method === 'POST' && !route.signIn ? { key: `bad-input-${++keyCounter}` } : {}),
    ...parts,
  };
}

/** A probe as a request; with `other`, the same key is then tried on that other request, which must be refused as reused. */
function probeCase(route: Route, probe: Probe, other?: Probe): Case {
  const toRequest = (p: Probe) => ({
    path: fillPath(route, encodeAll(p.path ?? {})),
    ...(p.body === undefined ? {} : { body: JSON.stringify(p.body) }),
  });
  const request = toRequest(probe);
  const alternative = other && toRequest(other);
  const differs = alternative && (alternative.path !== request.path || alternative.body !== request.body);
  return {
    ...requestOf(route, encodeAll(probe.path ?? {}), {
      kind: 'valid request the rules refuse',
      statuses: '4xx',
      codes: probe.codes,
      keyRule: 'after_claim',
      ...(request.body === undefined ? {} : { body: request.body }),
      query: probe.query ? serializeQuery(probe.query) : '',
    }),
    ...(route.method === 'POST' && differs ? { reuse: alternative } : {}),
  };
}

/**
 * One kind of bad input, as a property of its own per route, so that every kind of failure shows
 * in one run instead of the first one hiding the others.
 */
interface Category {
  name: string;
  runs: number;
  /** A failure may have created what a shrunk retry then runs into (a 409): report the first failure as is. */
  noShrinking?: boolean;
  appliesTo(route: Route): boolean;
  cases(route: Route): fc.Arbitrary<Case>;
}

const CATEGORIES: Category[] = [
  {
    name: 'bodies that are not a valid request: refused by the schema, not an object, not JSON, unreadable',
    runs: 12,
    appliesTo: (route) => route.body !== undefined,
    cases(route) {
      const schema = route.body!;
      const refused = invalidValue(schema).map((v) => JSON.stringify(v));
      const body = (kind: string, text: fc.Arbitrary<string>, headers = fc.constant<Record<string, string> | undefined>(undefined)) =>
        fc.tuple(pathSegments(route), text, fc.option(garbageQuery, { nil: '' }), headers).map(([segments, b, query, extra]) =>
          requestOf(route, segments, {
            ...malformed,
            ...(extra ? { headers: extra, statuses: [400, 415], codes: ['validation_failed', 'unsupported_media_type'] } : {}),
            // A refused body grown past the limit is a 413, which is just as right.
            ...(Buffer.byteLength(b) > BODY_LIMIT_BYTES ? { statuses: [413], codes: ['payload_too_large'] } : {}),
            kind,
            query,
            body: b,
          }),
        );
      return fc.oneof(
        body('body refused by the schema', refused),
        body('body that is not a JSON object', nonObjectJsonText),
        body('body that is not JSON', brokenJsonText(validValue(schema))),
        // The schema refuses the body too, so a server that ignored these headers would still answer 400.
        body('body in a Content-Encoding or charset it is not', refused, unreadableBodyHeaders),
      );
    },
  },
  {
    name: 'bodies over the 256 kB limit',
    runs: 3,
    appliesTo: (route) => route.body !== undefined,
    cases: (route) =>
      fc.tuple(pathSegments(route), oversizedText).map(([segments, body]) =>
        requestOf(route, segments, { kind: 'oversized body', statuses: [413], codes: ['payload_too_large'], keyRule: 'edge', body }),
      ),
  },
  {
    name: 'a valid body with a missing, empty or too long Idempotency-Key',
    runs: 6,
    appliesTo: (route) => route.method === 'POST' && !route.signIn,
    cases: (route) =>
      fc.tuple(pathSegments(route), route.body ? validValue(route.body) : fc.constant({}), badIdempotencyKey).map(([segments, body, key]) => {
        const c = requestOf(route, segments, { ...malformed, kind: 'bad Idempotency-Key', body: JSON.stringify(body) });
        return key === undefined ? { ...c, key: undefined } : { ...c, key };
      }),
  },
  {
    name: 'path parameters that are malformed, do not decode or are arbitrary text',
    runs: 12,
    appliesTo: (route) => paramNames(route).length > 0,
    cases(route) {
      const body = route.body ? validValue(route.body).map((v) => JSON.stringify(v)) : fc.constant(undefined);
      const segment = (kind: string, value: fc.Arbitrary<string>, expectation: Pick<Case, 'statuses' | 'codes' | 'keyRule'>) =>
        fc.tuple(pathSegments(route), fc.constantFrom(...paramNames(route)), value, body).map(([segments, name, v, b]) =>
          requestOf(route, { ...segments, [name]: v }, { ...expectation, kind, ...(b === undefined ? {} : { body: b }) }),
        );
      return fc.oneof(
        segment('path parameter no id, code or SKU can match', malformedSegment, malformed),
        segment('path parameter that does not decode', undecodableSegment, malformed),
        segment('path parameter of arbitrary text', garbageSegment(world.existing), {
          statuses: [400, 404],
          codes: ['validation_failed', 'not_found'],
          keyRule: 'either',
        }),
      );
    },
  },
  {
    name: 'query strings: refused by the schema, arbitrary valid values, garbage',
    runs: 12,
    appliesTo: (route) => route.method === 'GET',
    cases(route) {
      const anyAnswer = { statuses: 'any_below_500' as const, codes: DOCUMENTED_CODES, keyRule: 'either' as const };
      const withQuery = (kind: string, query: fc.Arbitrary<string>, expectation: Pick<Case, 'statuses' | 'codes' | 'keyRule'>) =>
        fc.tuple(pathSegments(route), query).map(([segments, q]) => requestOf(route, segments, { ...expectation, kind, query: q }));
      const model = (m: fc.Arbitrary<QueryModel>) =>
        fc.tuple(m, fc.option(garbageQuery, { nil: '' })).map(([q, extra]) => [serializeQuery(q), extra].filter(Boolean).join('&'));
      const query = route.query;
      return fc.oneof(
        // Unknown parameters are ignored, so garbage alone may be answered 200.
        withQuery('garbage query string', garbageQuery, anyAnswer),
        ...(query
          ? [
              withQuery('query refused by the schema', model(invalidQuery(query)), malformed),
              // Valid but arbitrary values reach the services: whatever they answer must not be a 5xx.
              withQuery('query of arbitrary valid values', model(validValue(query) as fc.Arbitrary<QueryModel>), anyAnswer),
            ]
          : []),
      );
    },
  },
  {
    name: 'methods the path does not serve',
    runs: 3,
    appliesTo: () => true,
    cases(route) {
      const served = new Set<string>(ROUTES.filter((r) => r.path === route.path).map((r) => r.method));
      return fc.tuple(pathSegments(route), fc.constantFrom(...METHODS.filter((m) => !served.has(m)))).map(([segments, method]) => ({
        ...requestOf(route, segments, { kind: 'method the path does not serve', statuses: [404, 405], codes: ['not_found'], keyRule: 'either' }),
        method,
        key: undefined,
      }));
    },
  },
  {
    name: 'valid requests the rules refuse: unknown references, wrong state, duplicates',
    runs: 12,
    noShrinking: true,
    appliesTo: (route) => probes.byRoute[route.id] !== undefined,
    cases: (route) => fc.tuple(probes.byRoute[route.id]!(), probes.byRoute[route.id]!()).map(([probe, other]) => probeCase(route, probe, other)),
  },
  {
    name: 'the same requests with a NUL character in one text field',
    runs: 8,
    appliesTo: (route) => probes.byRoute[route.id] !== undefined,
    cases: (route) =>
      probes.byRoute[route.id]!()
        .chain((probe) => withNul({ path: probe.path, query: probe.query, body: probe.body }).map((parts) => ({ ...probe, ...(parts as object) })))
        .map((probe) => ({
          ...probeCase(route, probe),
          kind: 'valid request with a NUL character',
          codes: [...probe.codes, 'validation_failed', 'not_found'],
          keyRule: 'either' as const,
        })),
  },
];

// ---------------------------------------------------------------------------------------------
// Sending a case and judging the answer

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

async function send(c: Pick<Case, 'method' | 'path' | 'query' | 'body' | 'key' | 'headers'>): Promise<Answer> {
  const headers: Record<string, string> = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  if (c.body !== undefined) headers['Content-Type'] = 'application/json';
  if (c.key !== undefined) headers['Idempotency-Key'] = c.key;
  Object.assign(headers, c.headers);
  const response = await fetch(`${base}${c.path}${c.query ? `?${c.query}` : ''}`, {
    method: c.method,
    headers,
    ...(c.body === undefined ? {} : { body: c.body }),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** Idempotency keys are kept per route and user: every request here is the admin's. */
const scopeOf = (route: Route) => `${route.id}:${ADMIN_USER_ID}`;

async function storedKey(scope: string, key: string) {
  const rows = await api.node.database.db.withSql((sql) =>
    sql.query<{ status: string; response_status: number | null; response_body: string | null }>(
      'SELECT status, response_status, response_body FROM platform.idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    ),
  );
  return rows[0];
}

function errorCodeOf(answer: Answer): string | undefined {
  try {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code === 'string' && typeof body.error.message === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

function summary(c: Case): string {
  const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);
  const body = c.body === undefined ? '' : ` body=${clip(c.body, 300)}`;
  const key = c.key === undefined ? ' (no Idempotency-Key)' : ` Idempotency-Key(${c.key.length} chars)`;
  const headers = c.headers ? ` ${JSON.stringify(c.headers)}` : '';
  return `${c.kind}: ${c.method} ${clip(c.path, 200)}${c.query ? `?${clip(c.query, 200)}` : ''}${key}${headers}${body}`;
}

const describeCase = (c: Case, answer: Answer) => `${summary(c)}\n  → ${answer.status} ${answer.text.slice(0, 300)}`;

async function judge(route: Route, c: Case): Promise<void> {
  const answer = await send(c);
  const now = await fingerprint();
  const changed = changedTables(last, now);
  last = now;
  const what = describeCase(c, answer);
  if (c.method === 'POST' && c.key) answers.set(`${scopeOf(route)}/${c.key}`, { status: answer.status, text: answer.text, keyRule: c.keyRule });

  expect(answer.status, what).toBeLessThan(500);
  if (c.statuses === '4xx') expect(answer.status, what).toBeGreaterThanOrEqual(400);
  else if (c.statuses !== 'any_below_500') expect(c.statuses, what).toContain(answer.status);
  if (answer.status >= 400) {
    expect(answer.contentType ?? '', what).toMatch(/^application\/json/);
    const errorCode = errorCodeOf(answer);
    expect(errorCode, `${what}\n  the body must be {error:{code,message}}`).toBeDefined();
    expect(DOCUMENTED_CODES as readonly string[], `${what}\n  the code must be documented`).toContain(errorCode);
    expect(c.codes, what).toContain(errorCode);
  }
  expect(changed, `${what}\n  the database changed: ${changed.join('; ')}`).toEqual([]);

  if (c.method !== 'POST' || !c.key || c.key.length > 255) return;
  const stored = await storedKey(scopeOf(route), c.key);
  if (c.keyRule === 'edge') {
    expect(stored, `${what}\n  a request refused by validation must not claim its Idempotency-Key`).toBeUndefined();
  } else if (c.keyRule === 'after_claim') {
    expect(stored, `${what}\n  the key must keep the final answer`).toEqual({ status: 'completed', response_status: answer.status, response_body: answer.text });
  } else if (stored) {
    expect(stored, what).toEqual({ status: 'completed', response_status: answer.status, response_body: answer.text });
  }
  if (c.keyRule !== 'after_claim') return;
  const replay = await send(c);
  expect(replay, `${what}\n  a replay must answer the first response byte for byte`).toEqual(answer);
  if (c.reuse) {
    const reused = await send({ ...c, ...c.reuse });
    expect(reused.status, `${what}\n  the same key on another request must be refused`).toBe(409);
    expect(errorCodeOf(reused), what).toBe('idempotency_key_reused');
  }
  const afterReplay = await fingerprint();
  const changedByReplay = changedTables(last, afterReplay);
  last = afterReplay;
  expect(changedByReplay, `${what}\n  the replay changed the database: ${changedByReplay.join('; ')}`).toEqual([]);
}

const seedOf = (id: string) => [...id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, SEED);

describe('bad input on every public route: a typed 4xx, and nothing changes', () => {
  for (const route of ROUTES) {
    describe(`${route.method} ${route.path} (${route.id})`, () => {
      for (const category of CATEGORIES.filter((c) => c.appliesTo(route))) {
        it(category.name, async () => {
          // fast-check prints counterexamples with the summary: oversized bodies would drown the report.
          const cases = category.cases(route).map((c) => Object.assign(c, { [fc.toStringMethod]: () => summary(c) }));
          await fc.assert(
            fc.asyncProperty(cases, (c) => judge(route, c)),
            {
              numRuns: category.runs,
              seed: seedOf(`${route.id}/${category.name}`),
              endOnFailure: category.noShrinking ?? false,
              interruptAfterTimeLimit: 10_000,
              markInterruptAsFailure: true,
            },
          );
        }, 30_000);
      }
    });
  }

  it('leaves every table as it was, and keeps only the keys of requests answered after validation', async () => {
    const changed = changedTables(baseline, await fingerprint());
    expect.soft(changed, `tables changed by the run: ${changed.join('; ')}`).toEqual([]);
    const rows = await api.node.database.db.withSql((sql) =>
      sql.query<{ scope: string; key: string; status: string; response_status: number; response_body: string }>(
        'SELECT scope, key, status, response_status, response_body FROM platform.idempotency_keys',
      ),
    );
    const ours = rows.filter((r) => answers.has(`${r.scope}/${r.key}`));
    // Apart from ours, only the fixtures' keys, stored before the baseline.
    expect.soft(rows.length - ours.length, 'keys nobody sent').toBe(Number(baseline.get(IDEMPOTENCY_TABLE)!.split(' ')[0]));
    const describeKey = (id: string, answer: { status: number; text: string }) => `${id} → ${answer.status} ${answer.text.slice(0, 160)}`;
    const claimedByRefused: string[] = [];
    const notTheAnswer: string[] = [];
    for (const row of ours) {
      const id = `${row.scope}/${row.key}`;
      const answer = answers.get(id)!;
      if (answer.keyRule === 'edge') claimedByRefused.push(describeKey(id, answer));
      if (row.status !== 'completed' || row.response_status !== answer.status || row.response_body !== answer.text) {
        notTheAnswer.push(`${describeKey(id, answer)}, stored ${row.status} ${row.response_status} ${row.response_body?.slice(0, 160)}`);
      }
    }
    const stored = new Set(ours.map((r) => `${r.scope}/${r.key}`));
    const lost = [...answers]
      .filter(([id, a]) => a.keyRule === 'after_claim' && a.status >= 400 && a.status < 500 && !stored.has(id))
      .map(([id, a]) => describeKey(id, a));
    const listed = (problems: string[]) => `${problems.length}: ${problems.slice(0, 5).join('\n')}`;
    expect.soft(claimedByRefused, `requests refused by validation, yet their Idempotency-Key was claimed ${listed(claimedByRefused)}`).toEqual([]);
    expect.soft(notTheAnswer, `keys that do not hold the answer given ${listed(notTheAnswer)}`).toEqual([]);
    expect.soft(lost, `final 4xx answers whose key was not kept ${listed(lost)}`).toEqual([]);
    // Query strings such as __proto__[polluted]=1 must not reach Object.prototype of the API process.
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
