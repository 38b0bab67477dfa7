/** A slice of uuids `(after, upTo]`, either end open when absent. */
export interface IdSlice {
  readonly after?: string | undefined;
  readonly upTo?: string | undefined;
}

/**
 * The slice as SQL conditions on a uuid `column` (each prefixed with AND, "" for the whole range), with
 * its parameters numbered from `$next`. Only the bounds given become conditions, so the planner sees
 * plain range predicates on the column's index.
 */
export function idSliceCondition(column: string, slice: IdSlice, next: number): { sql: string; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  if (slice.after !== undefined) {
    params.push(slice.after);
    conditions.push(`AND ${column} > $${next + params.length - 1}::uuid`);
  }
  if (slice.upTo !== undefined) {
    params.push(slice.upTo);
    conditions.push(`AND ${column} <= $${next + params.length - 1}::uuid`);
  }
  return { sql: conditions.join(' '), params };
}
