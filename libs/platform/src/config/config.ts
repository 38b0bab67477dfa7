import path from 'node:path';
import { environmentSchema, SECRET_VARIABLES, type Environment } from './config.schema';

export type Mode = Environment['TILLWIRE_MODE'];

export interface Config {
  readonly env: Environment['NODE_ENV'];
  readonly mode: Mode;
  readonly nodeId: string | undefined;
  /** Moleculer namespace: nodes see only nodes of the same namespace on a shared NATS. */
  readonly namespace: string;
  readonly dataDir: string;
  readonly logLevel: Environment['LOG_LEVEL'];
  /** PostgreSQL connection; absent in embedded mode, which uses PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** PostgreSQL connections each node may hold. */
  readonly databasePoolSize: number;
  readonly natsUrl: string;
  readonly redisUrl: string;
  readonly api: {
    readonly host: string;
    readonly port: number;
    /** Browser origins CORS lets in: the two web apps unless CORS_ORIGINS names others. */
    readonly corsOrigins: readonly string[];
    /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client: loopback unless TRUSTED_PROXIES says otherwise. */
    readonly trustedProxies: readonly string[];
    /** Requests per minute: sign-ins per IP, writes per user and per IP. */
    readonly rateLimits: { readonly authPerIp: number; readonly writesPerUser: number; readonly writesPerIp: number };
    /** How often a node reads which users' sessions were ended (deactivated, a new password or PIN), whose older tokens it refuses. */
    readonly sessionCheckSeconds: number;
  };
  readonly apps: { readonly posWebPort: number; readonly adminWebPort: number };
  /** Where a service node (`tillwire node`) answers its liveness and readiness probes; no port: it does not. */
  readonly health: { readonly host: string; readonly port: number | undefined };
  readonly channels: {
    /** Deliveries of a durable channel message, the first included, before it is dead-lettered. */
    readonly maxRetries: number;
    /** Exponential backoff between deliveries: the ceiling doubles from base up to max; full jitter below it. */
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
  };
  readonly terminals: {
    /** The mTLS listener terminals and vendor clouds connect to; port 0 picks a free one. */
    readonly listen: { readonly host: string; readonly port: number };
    /** Names terminals reach the listener by, which its certificate names besides the listen host and loopback. */
    readonly serverNames: readonly string[];
    /** Where Tillwire's terminal CA (certificate and private key) is kept; nodes issuing certificates share it. */
    readonly caDir: string;
    /** How long a rotated certificate stays valid beside its successor. */
    readonly certOverlapSeconds: number;
    /** How long a card payment may wait for the terminal (the customer at the PIN pad). */
    readonly paymentTimeoutSeconds: number;
    /** How long any other command to a terminal may wait for its answer. */
    readonly commandTimeoutSeconds: number;
    /** Whether this node runs a simulated terminal for every registered terminal (the demo store's card terminals). */
    readonly simulators: boolean;
  };
  readonly checkout: {
    /** How long a reservation holds stock before the sweeper releases it. */
    readonly reservationTtlSeconds: number;
    readonly reservationSweepSeconds: number;
    /** Where a line of a product from another department than the terminal's is booked. */
    readonly allocationRule: 'terminal' | 'product';
    /** Discounts above this share of the subtotal (basis points) need a supervisor's approval. */
    readonly discountApprovalThresholdBp: number;
  };
  readonly grpc: {
    /** Address the gRPC servers (loyalty, reports) listen on; port 0 picks a free port. */
    readonly host: string;
    /** Deadline of every gRPC client call. */
    readonly deadlineMs: number;
    /** `port`: where this node's server listens; `url`: where a node without that server connects. */
    readonly loyalty: { readonly port: number; readonly url: string };
    readonly reports: { readonly port: number; readonly url: string };
  };
  /** The loyalty programme's rules; tiers are held from a lifetime-points threshold (bronze from 0). */
  readonly loyalty: {
    readonly tierThresholds: { readonly silver: number; readonly gold: number };
    /** Earn multiplier per tier in percent (125 = ×1.25). */
    readonly multiplierPercent: { readonly bronze: number; readonly silver: number; readonly gold: number };
    /** `points` earned per `perMinor` minor units spent, before the tier multiplier. */
    readonly earnRate: { readonly points: number; readonly perMinor: number };
    /** Redemption value: the minor units one point pays. */
    readonly pointValueMinor: number;
  };
  readonly store: {
    /** IANA zone whose calendar days the store's daily figures (the admin terminal list's `today`) count. */
    readonly timeZone: string;
    /** ISO 4217 code of the currency every sale is booked in. */
    readonly currency: string;
  };
  readonly reports: {
    /** How long summaries are answered from memory, 30-60 s. */
    readonly cacheSeconds: number;
    readonly reconciliation: {
      readonly warnThresholdBp: number;
      readonly failThresholdBp: number;
      /** Local time (store zone) the previous day is reconciled at, "HH:MM"; undefined: no schedule. */
      readonly time: string | undefined;
    };
  };
  readonly telemetry: {
    readonly serviceName: string;
    readonly otlpEndpoint: string | undefined;
    readonly ringSize: number;
    /** Share of traces recorded, 0-1. */
    readonly sampleRatio: number;
    /** The tracing backend's page of a transaction's traces, `{transactionId}` to be filled in. */
    readonly traceViewUrlTemplate: string | undefined;
  };
  readonly auth: {
    /** Lifetime of an access token (JWT, HS256). */
    readonly accessTokenSeconds: number;
    /** Lifetime of a refresh token; a refresh spends it and issues a new one. */
    readonly refreshTokenSeconds: number;
    /** Consecutive failed sign-ins (password or PIN) that lock the account… */
    readonly maxFailedAttempts: number;
    /** …for this long. */
    readonly lockoutSeconds: number;
  };
  /** Without `jwtSecret` (embedded mode outside production) the signing key is generated once in `dataDir`. */
  readonly secrets: { readonly jwtSecret: string | undefined; readonly caKeyPassphrase: string | undefined };
}

export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DISTRIBUTED_DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tillwire';

/** Parses an environment into a frozen Config, naming every bad variable. */
export function parseConfig(source: Readonly<Record<string, string | undefined>>): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  if (e.CHANNEL_RETRY_MAX_MS < e.CHANNEL_RETRY_BASE_MS) {
    throw new ConfigError([`CHANNEL_RETRY_MAX_MS: must be at least CHANNEL_RETRY_BASE_MS (${e.CHANNEL_RETRY_BASE_MS})`]);
  }
  const loyaltyIssues = [
    ...(e.LOYALTY_GOLD_THRESHOLD_POINTS <= e.LOYALTY_SILVER_THRESHOLD_POINTS
      ? [`LOYALTY_GOLD_THRESHOLD_POINTS: must be above LOYALTY_SILVER_THRESHOLD_POINTS (${e.LOYALTY_SILVER_THRESHOLD_POINTS})`]
      : []),
    ...(e.LOYALTY_SILVER_MULTIPLIER_PERCENT < e.LOYALTY_BRONZE_MULTIPLIER_PERCENT
      ? [`LOYALTY_SILVER_MULTIPLIER_PERCENT: must be at least LOYALTY_BRONZE_MULTIPLIER_PERCENT (${e.LOYALTY_BRONZE_MULTIPLIER_PERCENT})`]
      : []),
    ...(e.LOYALTY_GOLD_MULTIPLIER_PERCENT < e.LOYALTY_SILVER_MULTIPLIER_PERCENT
      ? [`LOYALTY_GOLD_MULTIPLIER_PERCENT: must be at least LOYALTY_SILVER_MULTIPLIER_PERCENT (${e.LOYALTY_SILVER_MULTIPLIER_PERCENT})`]
      : []),
  ];
  if (loyaltyIssues.length > 0) throw new ConfigError(loyaltyIssues);
  if (e.AUTH_REFRESH_TOKEN_SECONDS < e.AUTH_ACCESS_TOKEN_SECONDS) {
    throw new ConfigError([`AUTH_REFRESH_TOKEN_SECONDS: must be at least AUTH_ACCESS_TOKEN_SECONDS (${e.AUTH_ACCESS_TOKEN_SECONDS})`]);
  }
  if (e.NODE_ENV === 'production') {
    const missing = SECRET_VARIABLES.filter((name) => e[name] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(missing.map((name) => `${name}: required in production (no default secret exists)`));
    }
  }
  if (e.TILLWIRE_MODE === 'distributed' && e.JWT_SECRET === undefined) {
    // A key generated per node would make each API replica refuse the others' tokens.
    throw new ConfigError(['JWT_SECRET: required in distributed mode (every API replica must sign and verify with the same key)']);
  }
  const dataDir = path.resolve(e.TILLWIRE_DATA_DIR);
  const databaseUrl =
    e.DATABASE_URL ?? (e.TILLWIRE_MODE === 'distributed' ? DISTRIBUTED_DEFAULT_DATABASE_URL : undefined);
  return deepFreeze({
    env: e.NODE_ENV,
    mode: e.TILLWIRE_MODE,
    nodeId: e.TILLWIRE_NODE_ID,
    namespace: e.TILLWIRE_NAMESPACE,
    dataDir,
    logLevel: e.LOG_LEVEL,
    databaseUrl,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    natsUrl: e.NATS_URL,
    redisUrl: e.REDIS_URL,
    api: {
      host: e.API_HOST,
      port: e.API_PORT,
      corsOrigins: e.CORS_ORIGINS
        ? e.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean)
        : [e.POS_WEB_PORT, e.ADMIN_WEB_PORT].flatMap((p) => [`http://127.0.0.1:${p}`, `http://localhost:${p}`]),
      trustedProxies: e.TRUSTED_PROXIES ? e.TRUSTED_PROXIES.split(',').map((range) => range.trim()) : ['127.0.0.0/8', '::1'],
      rateLimits: {
        authPerIp: e.RATE_LIMIT_AUTH_PER_MINUTE,
        writesPerUser: e.RATE_LIMIT_USER_WRITES_PER_MINUTE,
        writesPerIp: e.RATE_LIMIT_IP_WRITES_PER_MINUTE,
      },
      sessionCheckSeconds: e.AUTH_SESSION_CHECK_SECONDS,
    },
    apps: { posWebPort: e.POS_WEB_PORT, adminWebPort: e.ADMIN_WEB_PORT },
    health: { host: e.NODE_HEALTH_HOST, port: e.NODE_HEALTH_PORT },
    channels: { maxRetries: e.CHANNEL_MAX_RETRIES, retryBaseMs: e.CHANNEL_RETRY_BASE_MS, retryMaxMs: e.CHANNEL_RETRY_MAX_MS },
    terminals: {
      listen: { host: e.TERMINAL_LISTEN_HOST, port: e.TERMINAL_LISTEN_PORT },
      serverNames: e.TERMINAL_SERVER_NAMES ? e.TERMINAL_SERVER_NAMES.split(',').map((name) => name.trim()) : [],
      caDir: e.TERMINAL_CA_DIR ? path.resolve(e.TERMINAL_CA_DIR) : path.join(dataDir, 'terminal-ca'),
      certOverlapSeconds: e.TERMINAL_CERT_OVERLAP_SECONDS,
      paymentTimeoutSeconds: e.TERMINAL_PAYMENT_TIMEOUT_SECONDS,
      commandTimeoutSeconds: e.TERMINAL_COMMAND_TIMEOUT_SECONDS,
      simulators: (e.TERMINAL_SIMULATORS ?? (e.TILLWIRE_MODE === 'embedded' && e.NODE_ENV !== 'production' ? 'on' : 'off')) === 'on',
    },
    checkout: {
      reservationTtlSeconds: e.RESERVATION_TTL_SECONDS,
      reservationSweepSeconds: e.RESERVATION_SWEEP_SECONDS,
      allocationRule: e.ALLOCATION_RULE,
      discountApprovalThresholdBp: e.DISCOUNT_APPROVAL_THRESHOLD_BP,
    },
    grpc: {
      host: e.GRPC_HOST,
      deadlineMs: e.GRPC_DEADLINE_MS,
      loyalty: { port: e.LOYALTY_GRPC_PORT, url: e.LOYALTY_GRPC_URL },
      reports: { port: e.REPORTS_GRPC_PORT, url: e.REPORTS_GRPC_URL },
    },
    loyalty: {
      tierThresholds: { silver: e.LOYALTY_SILVER_THRESHOLD_POINTS, gold: e.LOYALTY_GOLD_THRESHOLD_POINTS },
      multiplierPercent: {
        bronze: e.LOYALTY_BRONZE_MULTIPLIER_PERCENT,
        silver: e.LOYALTY_SILVER_MULTIPLIER_PERCENT,
        gold: e.LOYALTY_GOLD_MULTIPLIER_PERCENT,
      },
      earnRate: { points: e.LOYALTY_EARN_POINTS, perMinor: e.LOYALTY_EARN_PER_MINOR },
      pointValueMinor: e.LOYALTY_POINT_VALUE_MINOR,
    },
    store: { timeZone: e.STORE_TIME_ZONE, currency: e.STORE_CURRENCY },
    reports: {
      cacheSeconds: e.REPORTS_CACHE_SECONDS,
      reconciliation: {
        warnThresholdBp: e.RECONCILIATION_WARN_BP,
        failThresholdBp: e.RECONCILIATION_FAIL_BP,
        time: e.RECONCILIATION_TIME === 'off' ? undefined : e.RECONCILIATION_TIME,
      },
    },
    telemetry: {
      serviceName: e.OTEL_SERVICE_NAME,
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      ringSize: e.TRACE_RING_SIZE,
      sampleRatio: e.TRACE_SAMPLE_RATIO,
      traceViewUrlTemplate: e.TRACE_VIEW_URL_TEMPLATE,
    },
    auth: {
      accessTokenSeconds: e.AUTH_ACCESS_TOKEN_SECONDS,
      refreshTokenSeconds: e.AUTH_REFRESH_TOKEN_SECONDS,
      maxFailedAttempts: e.AUTH_MAX_FAILED_ATTEMPTS,
      lockoutSeconds: e.AUTH_LOCKOUT_SECONDS,
    },
    secrets: { jwtSecret: e.JWT_SECRET, caKeyPassphrase: e.CA_KEY_PASSPHRASE },
  });
}

/**
 * How long a call that takes money on a terminal may wait: the command's delivery window, the
 * terminal's payment timeout, a status query, and a command timeout's headroom for the rest, so the
 * terminals service's own answer (or `terminal_unavailable`) comes before the caller gives up.
 */
export function terminalWaitMs(config: Pick<Config, 'terminals'>): number {
  return (config.terminals.paymentTimeoutSeconds + 4 * config.terminals.commandTimeoutSeconds) * 1000;
}

let loaded: Config | undefined;

/** The process configuration, parsed from the environment on first use. The only reader of process.env. */
export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}

/** The environment for a child process Tillwire starts: this process's own, plus `extra`. */
export function childEnvironment(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}
