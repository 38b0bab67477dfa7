import type { Values } from './chart-renderer';

/** Static reading of the chart's templates: which values they read, without rendering them. */

const isMap = (value: unknown): value is Values => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every `.Values.a.b` (also `$.Values…`, `$root.Values…`) a template reads, as dotted paths. */
export function valuesPaths(template: string): string[] {
  return [...template.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => m[1]!.slice(1));
}

/**
 * Fields read from the elements of a `range $key, $element := .Values.<collection>`: for each,
 * the collection's path and the field paths read from `$element` in that file.
 */
export function rangeFieldPaths(template: string): Array<{ collection: string; fields: string[] }> {
  return [...template.matchAll(/range\s+\$\w+\s*,\s*\$(\w+)\s*:=\s*\$?\.Values((?:\.\w+)+)/g)].map((m) => ({
    collection: m[2]!.slice(1),
    fields: [...template.matchAll(new RegExp(`\\$${m[1]}((?:\\.[A-Za-z_]\\w*)+)`, 'g'))].map((f) => f[1]!.slice(1)),
  }));
}

/** Whether `path` (dotted) leads through maps to a key that exists, whatever its value. */
export function hasPath(values: unknown, path: string): boolean {
  let current = values;
  for (const key of path.split('.')) {
    if (!isMap(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  return true;
}

/** The value at `path` (dotted), undefined where the path does not lead. */
export function valueAt(values: unknown, path: string): unknown {
  return hasPath(values, path) ? path.split('.').reduce((current, key) => (current as Values)[key], values) : undefined;
}

/**
 * Paths `override` sets that `defaults` does not know, below `prefix`. An empty map or a list in
 * the defaults is free-form (annotations, affinity, TLS entries): anything may go under it.
 */
export function unknownPaths(override: Values, defaults: Values, prefix = ''): string[] {
  return Object.entries(override).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    if (!Object.hasOwn(defaults, key)) return [path];
    const known = defaults[key];
    if (!isMap(known) || Object.keys(known).length === 0) return [];
    return isMap(value) ? unknownPaths(value, known, `${path}.`) : [path];
  });
}

/** The key paths of a map, maps descended, for comparing the shape of entries. */
export function shape(value: Values, skip: readonly string[], prefix = ''): string[] {
  return Object.entries(value)
    .flatMap(([key, child]) =>
      isMap(child) && !skip.includes(key) ? shape(child, skip, `${prefix}${key}.`) : [`${prefix}${key}`],
    )
    .sort();
}
