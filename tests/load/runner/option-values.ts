/** A k6 option or script was refused before the test started (k6's exit code 104, invalid config). */
export class ConfigError extends Error {}

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001, µs: 0.001 };

/** A k6 duration (`"1m30s"`, `"500ms"`, `"2h"`; a bare number is milliseconds) in milliseconds. */
export function parseDuration(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== 'string') throw new ConfigError(`${what}: expected a duration such as "30s", got ${JSON.stringify(value)}`);
  const parts = [...value.trim().matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs)/g)];
  const consumed = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || consumed !== value.trim()) {
    throw new ConfigError(`${what}: "${value}" is not a duration (e.g. "30s", "1m30s", "500ms")`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNIT_MS[unit!]!, 0);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
