import { createHash } from 'node:crypto';
import { stringify } from 'yaml';

/**
 * The Go template built-ins and Sprig/Helm functions the chart uses, with their Go semantics. A
 * case this subset cannot reproduce exactly (a number Go would print as `1e+06`, `eq` across types)
 * throws instead of rendering something Helm would not.
 */

export type TemplateFunction = (args: unknown[], include: (name: string, data: unknown) => string) => unknown;

/** Go's truth: false, 0, nil, "" and empty lists and maps are false. */
export function truth(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return value !== false && value !== 0 && value !== '';
}

/**
 * Helm reads values as float64, which Go prints in the shortest form: 2 is "2" but 1000000 is
 * "1e+06". Only the integers both agree on are printed.
 */
export function goNumber(value: number): string {
  if (!Number.isInteger(value) || Math.abs(value) >= 1e6) {
    throw new Error(`${value}: Go would print this float64 differently; quote it in values.yaml`);
  }
  return String(value);
}

/** An action's output: nil prints nothing (Helm strips Go's "<no value>"). */
export function printed(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  throw new Error(`The template prints a ${Array.isArray(value) ? 'list' : 'map'}; use toYaml`);
}

function text(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return printed(value);
  throw new Error(`${what}: expected a string, got ${value === null || value === undefined ? 'nil' : typeof value}`);
}

function comparable(a: unknown, b: unknown): boolean {
  const kinds = new Set([typeof a, typeof b]);
  if (kinds.size !== 1 || !(kinds.has('string') || kinds.has('boolean'))) {
    throw new Error(`eq/ne: only strings or booleans are compared here (got ${typeof a} and ${typeof b})`);
  }
  return a === b;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sorted keys, no line folding, no trailing newline: what Helm's toYaml prints, up to quoting style. */
function toYaml(value: unknown): string {
  const check = (v: unknown): void => {
    if (typeof v === 'number') goNumber(v);
    else if (Array.isArray(v)) v.forEach(check);
    else if (isMap(v)) Object.values(v).forEach(check);
  };
  check(value);
  return stringify(value ?? null, { sortMapEntries: true, lineWidth: 0 }).replace(/\n$/, '');
}

function indent(spaces: unknown, value: unknown): string {
  const pad = ' '.repeat(Number(spaces));
  return pad + text(value, 'indent').replaceAll('\n', `\n${pad}`);
}

/** Go's fmt verbs %s, %d and %v on strings and numbers; anything else is refused. */
function printf(format: string, args: unknown[]): string {
  let next = 0;
  return format.replace(/%([sdv%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) throw new Error(`printf "${format}": too few arguments`);
    return text(args[next++], `printf "${format}"`);
  });
}

export const FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  include: ([name, data], include) => include(text(name, 'include'), data),
  toYaml: ([value]) => toYaml(value),
  indent: ([spaces, value]) => indent(spaces, value),
  nindent: ([spaces, value]) => `\n${indent(spaces, value)}`,
  // Go's %q; JSON's escapes agree with it for printable text.
  quote: (args) => args.filter((a) => a !== null && a !== undefined).map((a) => JSON.stringify(text(a, 'quote'))).join(' '),
  default: ([fallback, ...given]) => (given.length > 0 && truth(given[0]) ? given[0] : fallback),
  required: ([message, value]) => {
    if (value === null || value === undefined || value === '') throw new Error(text(message, 'required'));
    return value;
  },
  fail: ([message]) => {
    throw new Error(text(message, 'fail'));
  },
  printf: ([format, ...args]) => printf(text(format, 'printf'), args),
  // Go's Sprint: a space between two operands when neither is a string.
  print: (args) =>
    args
      .map((a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + text(a, 'print'))
      .join(''),
  trunc: ([length, value]) => {
    const s = text(value, 'trunc');
    const n = Number(length);
    return n >= 0 ? s.slice(0, n) : s.slice(Math.max(0, s.length + n));
  },
  trimSuffix: ([suffix, value]) => {
    const s = text(value, 'trimSuffix');
    const end = text(suffix, 'trimSuffix');
    return end && s.endsWith(end) ? s.slice(0, -end.length) : s;
  },
  contains: ([part, value]) => text(value, 'contains').includes(text(part, 'contains')),
  list: (args) => args,
  index: ([collection, ...keys]) =>
    keys.reduce((value: unknown, key) => {
      if (Array.isArray(value) && typeof key === 'number') {
        if (key < 0 || key >= value.length) throw new Error(`index out of range: ${key}`);
        return value[key];
      }
      if (isMap(value) && typeof key === 'string') return value[key];
      throw new Error(`index of ${value === null || value === undefined ? 'nil' : typeof value} with ${typeof key}`);
    }, collection),
  hasKey: ([map, key]) => isMap(map) && Object.hasOwn(map, text(key, 'hasKey')),
  sha256sum: ([value]) => createHash('sha256').update(text(value, 'sha256sum')).digest('hex'),
  not: ([value]) => !truth(value),
  eq: ([a, ...others]) => others.some((b) => comparable(a, b)),
  ne: ([a, b]) => !comparable(a, b),
};
