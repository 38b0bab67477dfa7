import fc from 'fast-check';
import { z } from 'zod';

/**
 * fast-check arbitraries for hostile HTTP input, derived from the same zod schemas that validate the
 * routes: valid values (to reach the code behind validation), and mutations of them that the schema
 * is known to refuse.
 */

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
}

const MAX_BODY_BYTES = 256 * 1024;

/** Characters that break parsers, URLs, SQL and PostgreSQL text (NUL), often enough for a few dozen runs to meet them. */
const hostileChar = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\u00a0', '\u2028', '\ufeff', '😀', '%', '\\', '"', "'", ',', '/', '?', '#', '&', '=', '+', ' ', '\n'),
  },
  { weight: 4, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

export type TextArbitrary = (minLength: number, maxLength: number) => fc.Arbitrary<string>;

/** Any code point, control characters and NUL included: what a hostile client can put in a JSON string. */
export const anyText: TextArbitrary = (minLength, maxLength) => fc.string({ unit: hostileChar, minLength, maxLength });

/** The same without NUL, for requests meant to reach a business rule rather than trip on PostgreSQL. */
export const textWithoutNul: TextArbitrary = (minLength, maxLength) =>
  fc.string({ unit: hostileChar.filter((c) => c !== '\u0000'), minLength, maxLength });

/** A value of the JSON schema; strings may hold any code point. Filter with the zod schema for refinements. */
function fromJsonSchema(schema: JsonSchema, text: TextArbitrary): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => fromJsonSchema(s, text)));
  switch (schema.type) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {}).map(([name, s]) => [name, fromJsonSchema(s, text)] as const);
      return fc.record(Object.fromEntries(properties), { requiredKeys: schema.required ?? [] });
    }
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(fromJsonSchema(schema.items ?? {}, text), { minLength, maxLength: Math.min(schema.maxItems ?? 3, minLength + 3) });
    }
    case 'string': {
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.min(schema.maxLength ?? 24, minLength + 24);
      if (schema.format === 'uuid') return fc.uuid();
      // Business dates are calendar days of one year: a range that must be ordered and at most a
      // year long is then found often, where random digits almost never make one.
      if (schema.pattern === DATE_PATTERN) return calendarDay;
      if (schema.pattern) {
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= maxLength);
      }
      return text(minLength, maxLength);
    }
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const calendarDay = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2000-12-31T00:00:00Z'), noInvalidDate: true })
  .map((day) => day.toISOString().slice(0, 10));

/** Values the schema accepts, generated from its JSON Schema (the one the OpenAPI document shows). */
export function validValue(schema: z.ZodType, text: TextArbitrary = anyText): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return fromJsonSchema(json, text).filter((value) => schema.safeParse(value).success);
}

/** Values no field type of the contracts should take as-is: wrong JSON types, huge, negative, fractional, NUL. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null, true, false, '', ' ', '\u0000', 0, -1, 0.5, -0.5, 1e21, -1e21, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, 1e-7,
    '1', 'NaN', 'Infinity', [], {}, [null], { $gt: '' }, 'x'.repeat(10_000), 'x'.repeat(200_000),
  ),
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
  anyText(257, 3_000),
  fc.jsonValue({ maxDepth: 3 }),
);

type Path = (string | number)[];

/** Every location in a JSON value (the root is `[]`), and those that hold objects. */
function locations(value: unknown, at: Path = []): { all: Path[]; objects: Path[] } {
  const all: Path[] = [at];
  const objects: Path[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const inner = locations(item, [...at, i]);
      all.push(...inner.all);
      objects.push(...inner.objects);
    });
  } else if (value !== null && typeof value === 'object') {
    objects.push(at);
    for (const [key, item] of Object.entries(value)) {
      const inner = locations(item, [...at, key]);
      all.push(...inner.all);
      objects.push(...inner.objects);
    }
  }
  return { all, objects };
}

function valueAt(value: unknown, at: Path): unknown {
  return at.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}

function update(value: unknown, at: Path, change: (target: unknown) => unknown): unknown {
  if (at.length === 0) return change(value);
  const [head, ...rest] = at as [string | number, ...Path];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = update(copy[head], rest, change);
  return copy;
}

/** One change to a valid value: a field removed, an unknown field added, or any node replaced by a hostile value. */
function mutate(valid: unknown): fc.Arbitrary<unknown> {
  const { all, objects } = locations(valid);
  const dropField = fc.constantFrom(...objects).chain((at) => {
    const keys = Object.keys(valueAt(valid, at) as object);
    return keys.length === 0
      ? fc.constant(valid)
      : fc.constantFrom(...keys).map((key) =>
          update(valid, at, (target) => Object.fromEntries(Object.entries(target as object).filter(([k]) => k !== key))),
        );
  });
  const addField = fc
    .tuple(fc.constantFrom(...objects), fc.string({ minLength: 1, maxLength: 12 }), hostileValue)
    .map(([at, key, extra]) => update(valid, at, (target) => ({ ...(target as object), [key]: extra })));
  const replace = fc.tuple(fc.constantFrom(...all), hostileValue).map(([at, hostile]) => update(valid, at, () => hostile));
  return objects.length > 0 ? fc.oneof(dropField, addField, replace) : replace;
}

/** The value with a NUL character inserted into one of its strings (unchanged if it has none). */
export function withNul(value: unknown): fc.Arbitrary<unknown> {
  const strings = locations(value).all.filter((at) => typeof valueAt(value, at) === 'string');
  if (strings.length === 0) return fc.constant(value);
  return fc.tuple(fc.constantFrom(...strings), fc.nat()).map(([at, n]) =>
    update(value, at, (text) => {
      const s = text as string;
      const i = n % (s.length + 1);
      return `${s.slice(0, i)}\u0000${s.slice(i)}`;
    }),
  );
}

/** Bodies the schema refuses: mutations of valid ones and arbitrary objects. */
export function invalidValue(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc
    .oneof(
      { weight: 4, arbitrary: validValue(schema).chain(mutate) },
      { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 4 }) },
    )
    .filter((value) => !schema.safeParse(value).success);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON text whose top level is not an object (arrays included: they parse, but are not a body). */
export const nonObjectJsonText: fc.Arbitrary<string> = fc
  .oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))
  .map((value) => JSON.stringify(value));

/** Text that is not JSON at all, mostly near-misses of a valid body. Never blank: an empty body means "no body". */
export function brokenJsonText(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const near = fc.tuple(valid.map((v) => JSON.stringify(v)), fc.nat(), fc.constantFrom('truncate', 'insert', 'quote', 'comma', 'tail')).map(
    ([text, n, how]) => {
      const at = n % Math.max(text.length, 1);
      switch (how) {
        case 'truncate':
          return text.slice(0, at);
        case 'insert':
          return `${text.slice(0, at)}${'{}[]",:x\\'[n % 10]}${text.slice(at)}`;
        case 'quote':
          return text.replaceAll('"', "'");
        case 'comma':
          return text.replace(/}$/, ',}');
        default:
          return `${text} // ${'NaN undefined'.repeat(1 + (n % 3))}`;
      }
    },
  );
  const junk = fc.oneof(anyText(1, 40), fc.constantFrom('{', '}', '[', '{"a":}', '{a:1}', 'NaN', 'undefined', '{"a":1}}', "{'a':1}", '\u0000'));
  return fc.oneof(near, junk).filter((text) => text.trim() !== '' && !isJson(text));
}

/** Bodies over the 256 kB limit: JSON with a huge string, a huge array, or raw bytes. */
export const oversizedText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 64 * 1024 }), fc.constantFrom('string', 'array', 'raw'))
  .map(([extra, shape]) => {
    const size = MAX_BODY_BYTES + extra;
    if (shape === 'string') return JSON.stringify({ pad: 'x'.repeat(size) });
    if (shape === 'array') return `[${'0,'.repeat(Math.ceil(size / 2))}0]`;
    return 'x'.repeat(size);
  });

/** Headers that make a JSON body unreadable: an encoding it is not in, or a charset the API does not take. */
export const unreadableBodyHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'xyz').map((encoding) => ({ 'Content-Encoding': encoding })),
  fc.constantFrom('latin1', 'utf-16', 'x-unknown').map((charset) => ({ 'Content-Type': `application/json; charset=${charset}` })),
);

/** Idempotency-Key header values that must be refused: absent, empty, longer than 255 characters. */
export const badIdempotencyKey: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.stringMatching(/^[A-Za-z0-9-]+$/).chain((seed) => fc.integer({ min: 256, max: 1_024 }).map((n) => seed.repeat(Math.ceil(n / seed.length)).slice(0, n))),
);

/** Path segments no parameter type accepts (blank, or longer than any id, code or SKU), already encoded. */
export const malformedSegment: fc.Arbitrary<string> = fc
  .oneof(fc.constantFrom(' ', '   ', '\t'), anyText(65, 300).filter((s) => s.trim().length > 64))
  .map(encodeURIComponent);

/** Percent-encodings that do not decode (not hex, truncated, invalid UTF-8). */
export const undecodableSegment: fc.Arbitrary<string> = fc.constantFrom('%', '%ZZ', 'a%2', '%C0%AF', '%E0%A4%A', '%FF', 'x%0');

/** Any text as a path segment, encoded; `.` and `..` are excluded because the client would resolve them. */
export const garbageSegment = (exclude: ReadonlySet<string>): fc.Arbitrary<string> =>
  anyText(1, 40)
    .filter((s) => s !== '.' && s !== '..' && !exclude.has(s.trim()))
    .map(encodeURIComponent);

/** Query strings as a client may send them: repeated keys, brackets, prototype keys, undecodable escapes. */
export const garbageQuery: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.tuple(fc.string({ maxLength: 10 }), anyText(0, 30)).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
      fc.constantFrom(
        '__proto__[polluted]=1',
        'constructor[prototype][polluted]=1',
        'a[b][c][d][e][f][g]=1',
        'a[]=1&a[]=2',
        'a[=1',
        '%ZZ=%ZZ',
        '=',
        '&&',
        'q',
        `long=${'y'.repeat(5_000)}`,
      ),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.join('&'));

/** A query the client builds from values: repeated keys for arrays, `k[sub]=v` for objects. */
export type QueryModel = Record<string, string | string[] | Record<string, string>>;

export function serializeQuery(model: QueryModel): string {
  // A lone surrogate cannot be percent-encoded; it is sent as U+FFFD, as a browser would.
  const e = (text: string) => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));
  return Object.entries(model)
    .flatMap(([key, value]) =>
      typeof value === 'string'
        ? [`${e(key)}=${e(value)}`]
        : Array.isArray(value)
          ? value.map((v) => `${e(key)}=${e(v)}`)
          : Object.entries(value).map(([sub, v]) => `${e(key)}[${e(sub)}]=${e(v)}`),
    )
    .join('&');
}

/** Query values of a field that are not one plain string, or are strings that break length and pattern rules. */
const hostileQueryValue: fc.Arbitrary<QueryModel[string]> = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', ',', ',,,', 'x'.repeat(101), 'lower-case', 'a b'),
  anyText(0, 300),
  fc.array(fc.string({ maxLength: 8 }), { minLength: 2, maxLength: 4 }),
  fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 8 }), { minKeys: 1, maxKeys: 2 }),
);

/** Query models the route's query schema refuses: a required field dropped or any field made hostile. */
export function invalidQuery(schema: z.ZodType): fc.Arbitrary<QueryModel> {
  const fields = Object.keys((z.toJSONSchema(schema, { io: 'input' }) as JsonSchema).properties ?? {});
  return (validValue(schema) as fc.Arbitrary<QueryModel>)
    .chain((valid) =>
      fc.oneof(
        fc.constantFrom(...fields).map((field) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== field)) as QueryModel),
        fc.tuple(fc.constantFrom(...fields), hostileQueryValue).map(([field, value]) => ({ ...valid, [field]: value })),
      ),
    )
    .filter((model) => !schema.safeParse(model).success);
}
