import { isIP } from 'node:net';
import { currencyCode } from '@tillwire/contracts';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
/** 0 lets the system pick a free port (tests run several listeners in one process). */
const portOrAny = z.coerce.number().int().min(0).max(65535);
const url = (protocols: readonly string[]) =>
  z
    .string()
    .url()
    .refine((value) => protocols.some((p) => value.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });
/** Where a gRPC client connects: `host:port` (IPv6 in brackets), `dns:///host:port` or `unix:path`. */
const grpcTarget = z
  .string()
  .regex(
    /^(?:(?:dns:(?:\/\/[^/]*\/)?)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}|unix:.+)$/,
    'must be host:port, dns:///host:port or unix:path',
  );
const points = z.coerce.number().int().min(0).max(1e12);
const multiplierPercent = z.coerce.number().int().min(0).max(10_000);
const secret = z.string().min(32, 'must be at least 32 characters');
/**
 * An IANA zone name as both Intl and PostgreSQL know it. Offsets such as `+01:00` are refused:
 * PostgreSQL reads them as POSIX zones, whose sign is the reverse of ISO 8601's.
 */
const timeZone = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9/_+-]*$/, 'must be an IANA time zone name such as Europe/Berlin')
  .refine(isKnownTimeZone, 'is not a time zone this runtime knows');
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/** Every environment variable Tillwire reads. The README's configuration table mirrors this list. */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  TILLWIRE_MODE: z.enum(['embedded', 'distributed']).default('embedded'),
  TILLWIRE_NODE_ID: optionalString,
  TILLWIRE_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, 'must be 1-32 lower-case letters, digits or -')
    .default('tillwire'),
  TILLWIRE_DATA_DIR: z.string().min(1).default('.tillwire'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  NATS_URL: url(['nats']).default('nats://127.0.0.1:4222'),
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(8080),
  /** Origins whose browsers may call the API (comma-separated); unset means the two web apps on this host. */
  CORS_ORIGINS: optionalString.refine(
    (value) => value === undefined || value.split(',').every((origin) => /^https?:\/\/[^/\s]+$/.test(origin.trim())),
    'must be comma-separated origins such as https://pos.example.com',
  ),
  /** Proxies whose X-Forwarded-For names the client (comma-separated addresses or CIDR ranges); unset means loopback. */
  TRUSTED_PROXIES: optionalString.refine(
    (value) => value === undefined || value.split(',').every((range) => isAddressRange(range.trim())),
    'must be comma-separated IP addresses or CIDR ranges such as 10.0.0.0/8',
  ),
  /** Sign-in requests per client IP and minute. */
  RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** Writes (POST, PUT, DELETE) per signed-in user and minute. */
  RATE_LIMIT_USER_WRITES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Writes per client IP and minute (a store's tills may share one address). */
  RATE_LIMIT_IP_WRITES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(3_000),
  POS_WEB_PORT: port.default(3000),
  ADMIN_WEB_PORT: port.default(3001),
  /** A service node's health endpoint (`/livez`, `/readyz`) for an orchestrator's probes; no port: none. */
  NODE_HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  NODE_HEALTH_PORT: portOrAny.optional(),
  TERMINAL_LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
  TERMINAL_LISTEN_PORT: portOrAny.default(8443),
  /**
   * Names terminals reach the listener by (comma-separated DNS names or IP addresses), which its
   * certificate names besides TERMINAL_LISTEN_HOST, 127.0.0.1 and localhost.
   */
  TERMINAL_SERVER_NAMES: optionalString.refine(
    (value) => value === undefined || value.split(',').every((name) => isServerName(name.trim())),
    'must be comma-separated DNS names or IP addresses such as terminals.store.example,203.0.113.7',
  ),
  TERMINAL_CA_DIR: optionalString,
  TERMINAL_CERT_OVERLAP_SECONDS: z.coerce.number().int().min(0).max(31_536_000).default(86_400),
  TERMINAL_PAYMENT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
  TERMINAL_COMMAND_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  /** `on`: a simulated terminal connects for every registered one; unset means on in embedded mode outside production. */
  TERMINAL_SIMULATORS: z.enum(['on', 'off']).optional(),
  GRPC_HOST: z.string().min(1).default('127.0.0.1'),
  GRPC_DEADLINE_MS: z.coerce.number().int().min(1).max(600_000).default(5_000),
  LOYALTY_GRPC_PORT: portOrAny.default(50051),
  LOYALTY_GRPC_URL: grpcTarget.default('127.0.0.1:50051'),
  REPORTS_GRPC_PORT: portOrAny.default(50052),
  REPORTS_GRPC_URL: grpcTarget.default('127.0.0.1:50052'),
  LOYALTY_SILVER_THRESHOLD_POINTS: points.min(1).default(1_000),
  LOYALTY_GOLD_THRESHOLD_POINTS: points.min(1).default(5_000),
  LOYALTY_BRONZE_MULTIPLIER_PERCENT: multiplierPercent.default(100),
  LOYALTY_SILVER_MULTIPLIER_PERCENT: multiplierPercent.default(125),
  LOYALTY_GOLD_MULTIPLIER_PERCENT: multiplierPercent.default(150),
  LOYALTY_EARN_POINTS: z.coerce.number().int().min(0).max(1_000_000).default(1),
  LOYALTY_EARN_PER_MINOR: z.coerce.number().int().min(1).max(1_000_000).default(100),
  LOYALTY_POINT_VALUE_MINOR: z.coerce.number().int().min(1).max(1_000_000).default(1),
  CHANNEL_MAX_RETRIES: z.coerce.number().int().min(1).max(100).default(5),
  CHANNEL_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  CHANNEL_RETRY_MAX_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  RESERVATION_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  RESERVATION_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3_600).default(15),
  STORE_TIME_ZONE: timeZone.default('UTC'),
  /** The one currency the store sells in: every sale is booked, shown and printed in it. */
  STORE_CURRENCY: currencyCode.default('EUR'),
  /** How long report summaries are answered from memory. */
  REPORTS_CACHE_SECONDS: z.coerce.number().int().min(30).max(60).default(30),
  /** Reconciliation thresholds in basis points of the expected amount (100 = 1 %). */
  RECONCILIATION_WARN_BP: z.coerce.number().int().min(0).max(10_000).default(0),
  RECONCILIATION_FAIL_BP: z.coerce.number().int().min(0).max(10_000).default(100),
  /** Local time (STORE_TIME_ZONE) the previous business day is reconciled at, HH:MM; `off` disables the schedule. */
  RECONCILIATION_TIME: z
    .string()
    .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|off)$/, 'must be HH:MM (24 h) or off')
    .default('02:00'),
  ALLOCATION_RULE: z.enum(['terminal', 'product']).default('terminal'),
  DISCOUNT_APPROVAL_THRESHOLD_BP: z.coerce.number().int().min(0).max(10_000).default(1_000),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http', 'https']).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('tillwire'),
  TRACE_RING_SIZE: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
  /** Share of traces recorded, decided by trace id so every node records the same traces whole. */
  TRACE_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
  /**
   * Where the tracing backend shows one transaction's traces, `{transactionId}` marking the id, e.g. a
   * Jaeger search by the tillwire.transaction.id tag; the admin trace view links there when spans are exported.
   */
  TRACE_VIEW_URL_TEMPLATE: optionalString.refine(
    (value) => value === undefined || (/^https?:\/\//.test(value) && URL.canParse(value) && value.includes('{transactionId}')),
    'must be an http(s) URL containing {transactionId}',
  ),
  /** Lifetime of an access token (JWT). */
  AUTH_ACCESS_TOKEN_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  /** Lifetime of a refresh token; each refresh spends it and issues a new one. */
  AUTH_REFRESH_TOKEN_SECONDS: z.coerce.number().int().min(300).max(2_592_000).default(43_200),
  /** Consecutive failed sign-ins that lock an account. */
  AUTH_MAX_FAILED_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  AUTH_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** How often each API node reads which users' sessions were ended (their access tokens refused). */
  AUTH_SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  JWT_SECRET: secret.optional(),
  CA_KEY_PASSPHRASE: secret.optional(),
});

function isAddressRange(range: string): boolean {
  const [address = '', prefix, ...rest] = range.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 6 ? 128 : 32));
}

/** A DNS name (its first label may be `*`) or an IP address, as a certificate's subject alternative name. */
function isServerName(name: string): boolean {
  if (isIP(name) !== 0) return true;
  const labels = name.split('.');
  return (
    name.length <= 253 &&
    labels.every((label, index) => (index === 0 && label === '*' && labels.length > 2) || /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label))
  );
}

function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Secrets production refuses to start without; elsewhere a missing one is generated per data
 * directory (distributed mode still needs JWT_SECRET: its API replicas must share the key).
 */
export const SECRET_VARIABLES = ['JWT_SECRET', 'CA_KEY_PASSPHRASE'] as const;

export type Environment = z.infer<typeof environmentSchema>;
