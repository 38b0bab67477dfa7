import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const SECRET = 'x'.repeat(32);
/** Distributed mode needs the shared signing key. */
const DISTRIBUTED = { TILLWIRE_MODE: 'distributed', JWT_SECRET: SECRET } as const;

describe('parseConfig', () => {
  it('takes the browser origins CORS lets in as a list, and refuses anything but origins', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://pos.example.com, https://admin.example.com' }).api.corsOrigins).toEqual([
      'https://pos.example.com',
      'https://admin.example.com',
    ]);
    expect(captureConfigError({ CORS_ORIGINS: 'https://pos.example.com/path' }).issues[0]).toMatch(/^CORS_ORIGINS: /);
  });

  it('takes trusted proxies as addresses or CIDR ranges, and refuses anything else', () => {
    expect(parseConfig({ TRUSTED_PROXIES: '10.42.0.0/16, fd00::/8, 192.168.1.5' }).api.trustedProxies).toEqual([
      '10.42.0.0/16',
      'fd00::/8',
      '192.168.1.5',
    ]);
    for (const bad of ['10.0.0.0/33', 'proxy.local', '10.0.0.1/8/2', '::1/129']) {
      expect(captureConfigError({ TRUSTED_PROXIES: bad }).issues[0]).toMatch(/^TRUSTED_PROXIES: /);
    }
  });

  it('takes the names the terminal listener is reached by as a list of DNS names and addresses, and refuses anything else', () => {
    expect(parseConfig({ TERMINAL_SERVER_NAMES: 'terminals.store.example, *.tills.example, 203.0.113.7, 2001:db8::7' }).terminals.serverNames).toEqual([
      'terminals.store.example',
      '*.tills.example',
      '203.0.113.7',
      '2001:db8::7',
    ]);
    for (const bad of ['https://terminals.store.example', 'tills_1.example', '*.example', 'a..b', `${'a'.repeat(64)}.example`, 'ok.example,']) {
      expect(captureConfigError({ TERMINAL_SERVER_NAMES: bad }).issues[0], bad).toMatch(/^TERMINAL_SERVER_NAMES: /);
    }
  });

  it('defaults to the embedded platform on loopback with no database URL', () => {
    const config = parseConfig({});
    expect(config.mode).toBe('embedded');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.api).toEqual({
      host: '127.0.0.1',
      port: 8080,
      corsOrigins: ['http://127.0.0.1:3000', 'http://localhost:3000', 'http://127.0.0.1:3001', 'http://localhost:3001'],
      trustedProxies: ['127.0.0.0/8', '::1'],
      rateLimits: { authPerIp: 20, writesPerUser: 600, writesPerIp: 3_000 },
      sessionCheckSeconds: 5,
    });
    expect(config.apps).toEqual({ posWebPort: 3000, adminWebPort: 3001 });
    expect(config.secrets).toEqual({ jwtSecret: undefined, caKeyPassphrase: undefined });
  });

  it('serves no node health endpoint unless given a port, and listens on loopback by default', () => {
    expect(parseConfig({}).health).toEqual({ host: '127.0.0.1', port: undefined });
    expect(parseConfig({ NODE_HEALTH_HOST: '0.0.0.0', NODE_HEALTH_PORT: '9090' }).health).toEqual({ host: '0.0.0.0', port: 9090 });
    expect(parseConfig({ NODE_HEALTH_PORT: '0' }).health.port).toBe(0);
    for (const bad of ['65536', '-1', 'http']) {
      expect(captureConfigError({ NODE_HEALTH_PORT: bad }).issues[0], bad).toMatch(/^NODE_HEALTH_PORT: /);
    }
  });

  it('listens for terminals on loopback :8443 and keeps the CA in the data directory by default', () => {
    const config = parseConfig({ TILLWIRE_DATA_DIR: '/var/tillwire' });
    expect(config.terminals).toEqual({
      listen: { host: '127.0.0.1', port: 8443 },
      serverNames: [],
      caDir: '/var/tillwire/terminal-ca',
      certOverlapSeconds: 86_400,
      paymentTimeoutSeconds: 120,
      commandTimeoutSeconds: 10,
      simulators: true,
    });
    expect(parseConfig({ TERMINAL_LISTEN_PORT: '0', TERMINAL_CA_DIR: '/etc/ca' }).terminals).toMatchObject({
      listen: { port: 0 },
      caDir: '/etc/ca',
    });
  });

  it('runs simulated terminals in the embedded demo only, unless told otherwise', () => {
    expect(parseConfig(DISTRIBUTED).terminals.simulators).toBe(false);
    expect(parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), CA_KEY_PASSPHRASE: 'y'.repeat(32) }).terminals.simulators).toBe(false);
    expect(parseConfig({ ...DISTRIBUTED, TERMINAL_SIMULATORS: 'on' }).terminals.simulators).toBe(true);
    expect(parseConfig({ TERMINAL_SIMULATORS: 'off' }).terminals.simulators).toBe(false);
    expect(() => parseConfig({ TERMINAL_SIMULATORS: 'yes' })).toThrow(/TERMINAL_SIMULATORS/);
  });

  it('waits 120 s for a card payment and 10 s for any other terminal command unless told otherwise', () => {
    expect(parseConfig({ TERMINAL_PAYMENT_TIMEOUT_SECONDS: '90', TERMINAL_COMMAND_TIMEOUT_SECONDS: '3' }).terminals).toMatchObject({
      paymentTimeoutSeconds: 90,
      commandTimeoutSeconds: 3,
    });
    for (const name of ['TERMINAL_PAYMENT_TIMEOUT_SECONDS', 'TERMINAL_COMMAND_TIMEOUT_SECONDS']) {
      expect(captureConfigError({ [name]: '0' }).issues[0], name).toMatch(new RegExp(`^${name}: `));
    }
  });

  it('retries channel messages 5 times in all, backing off from 500 ms up to 30 s', () => {
    expect(parseConfig({}).channels).toEqual({ maxRetries: 5, retryBaseMs: 500, retryMaxMs: 30_000 });
    expect(parseConfig({ CHANNEL_RETRY_BASE_MS: '20', CHANNEL_RETRY_MAX_MS: '20' }).channels).toMatchObject({
      retryBaseMs: 20,
      retryMaxMs: 20,
    });
    expect(captureConfigError({ CHANNEL_RETRY_BASE_MS: '0' }).issues[0]).toMatch(/^CHANNEL_RETRY_BASE_MS: /);
    expect(captureConfigError({ CHANNEL_RETRY_BASE_MS: '1000', CHANNEL_RETRY_MAX_MS: '999' }).issues).toEqual([
      'CHANNEL_RETRY_MAX_MS: must be at least CHANNEL_RETRY_BASE_MS (1000)',
    ]);
  });

  it('serves gRPC on loopback (loyalty :50051, reports :50052) with a 5 s deadline on every call', () => {
    expect(parseConfig({}).grpc).toEqual({
      host: '127.0.0.1',
      deadlineMs: 5_000,
      loyalty: { port: 50051, url: '127.0.0.1:50051' },
      reports: { port: 50052, url: '127.0.0.1:50052' },
    });
    expect(
      parseConfig({ GRPC_HOST: '0.0.0.0', LOYALTY_GRPC_PORT: '0', LOYALTY_GRPC_URL: 'dns:///tillwire-loyalty:50051', GRPC_DEADLINE_MS: '250' })
        .grpc,
    ).toMatchObject({ host: '0.0.0.0', deadlineMs: 250, loyalty: { port: 0, url: 'dns:///tillwire-loyalty:50051' } });
    for (const url of ['[::1]:50051', 'unix:/run/loyalty.sock', 'loyalty.internal:7000']) {
      expect(parseConfig({ REPORTS_GRPC_URL: url }).grpc.reports.url).toBe(url);
    }
    for (const [name, value] of [
      ['LOYALTY_GRPC_URL', 'http://127.0.0.1:50051'],
      ['REPORTS_GRPC_URL', 'reports'],
      ['LOYALTY_GRPC_PORT', '70000'],
      ['GRPC_DEADLINE_MS', '0'],
    ] as const) {
      expect(captureConfigError({ [name]: value }).issues[0], name).toMatch(new RegExp(`^${name}: `));
    }
  });

  it('earns 1 point per 100 minor units at ×1, ×1.25, ×1.5 from 0, 1000, 5000 lifetime points; a point pays 1 minor unit', () => {
    expect(parseConfig({}).loyalty).toEqual({
      tierThresholds: { silver: 1_000, gold: 5_000 },
      multiplierPercent: { bronze: 100, silver: 125, gold: 150 },
      earnRate: { points: 1, perMinor: 100 },
      pointValueMinor: 1,
    });
    const custom = parseConfig({
      LOYALTY_SILVER_THRESHOLD_POINTS: '200',
      LOYALTY_GOLD_THRESHOLD_POINTS: '800',
      LOYALTY_BRONZE_MULTIPLIER_PERCENT: '50',
      LOYALTY_SILVER_MULTIPLIER_PERCENT: '100',
      LOYALTY_GOLD_MULTIPLIER_PERCENT: '300',
      LOYALTY_EARN_POINTS: '2',
      LOYALTY_EARN_PER_MINOR: '1',
      LOYALTY_POINT_VALUE_MINOR: '5',
    }).loyalty;
    expect(custom).toEqual({
      tierThresholds: { silver: 200, gold: 800 },
      multiplierPercent: { bronze: 50, silver: 100, gold: 300 },
      earnRate: { points: 2, perMinor: 1 },
      pointValueMinor: 5,
    });
  });

  it('refuses loyalty tiers out of order and rates that earn or pay nothing', () => {
    expect(captureConfigError({ LOYALTY_SILVER_THRESHOLD_POINTS: '5000' }).issues).toEqual([
      'LOYALTY_GOLD_THRESHOLD_POINTS: must be above LOYALTY_SILVER_THRESHOLD_POINTS (5000)',
    ]);
    expect(captureConfigError({ LOYALTY_GOLD_MULTIPLIER_PERCENT: '120' }).issues).toEqual([
      'LOYALTY_GOLD_MULTIPLIER_PERCENT: must be at least LOYALTY_SILVER_MULTIPLIER_PERCENT (125)',
    ]);
    expect(captureConfigError({ LOYALTY_SILVER_MULTIPLIER_PERCENT: '90' }).issues[0]).toMatch(/^LOYALTY_SILVER_MULTIPLIER_PERCENT: /);
    for (const name of ['LOYALTY_EARN_PER_MINOR', 'LOYALTY_POINT_VALUE_MINOR', 'LOYALTY_SILVER_THRESHOLD_POINTS']) {
      expect(captureConfigError({ [name]: '0' }).issues[0], name).toMatch(new RegExp(`^${name}: `));
    }
  });

  it('keeps spans in memory unless an OTLP endpoint is set, and links the trace view to a backend only by a URL naming {transactionId}', () => {
    expect(parseConfig({}).telemetry).toEqual({
      serviceName: 'tillwire',
      otlpEndpoint: undefined,
      ringSize: 10_000,
      sampleRatio: 1,
      traceViewUrlTemplate: undefined,
    });
    const template = 'https://jaeger.example/search?service=tillwire&tags=%7B%22tillwire.transaction.id%22%3A%22{transactionId}%22%7D';
    expect(
      parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', TRACE_VIEW_URL_TEMPLATE: template }).telemetry,
    ).toMatchObject({ otlpEndpoint: 'http://otel-collector:4318', traceViewUrlTemplate: template });
    expect(parseConfig({ TRACE_VIEW_URL_TEMPLATE: '' }).telemetry.traceViewUrlTemplate).toBeUndefined();
    for (const bad of ['https://jaeger.example/search', 'jaeger.example/trace/{transactionId}', 'javascript:alert("{transactionId}")']) {
      expect(captureConfigError({ TRACE_VIEW_URL_TEMPLATE: bad }).issues[0], bad).toMatch(/^TRACE_VIEW_URL_TEMPLATE: /);
    }
  });

  it('records a share of traces between none and all', () => {
    expect(parseConfig({ TRACE_SAMPLE_RATIO: '0.05' }).telemetry.sampleRatio).toBe(0.05);
    for (const bad of ['-0.1', '1.5', 'half']) {
      expect(captureConfigError({ TRACE_SAMPLE_RATIO: bad }).issues[0], bad).toMatch(/^TRACE_SAMPLE_RATIO: /);
    }
  });

  it('uses the local PostgreSQL by default in distributed mode', () => {
    expect(parseConfig(DISTRIBUTED).databaseUrl).toBe(
      'postgresql://postgres@127.0.0.1:5432/tillwire',
    );
  });

  it('names every bad variable', () => {
    const error = captureConfigError({ API_PORT: 'eighty', NATS_URL: 'http://x', TILLWIRE_MODE: 'cluster' });
    expect(error.issues.map((issue) => issue.split(':')[0]).sort()).toEqual(['API_PORT', 'NATS_URL', 'TILLWIRE_MODE']);
    expect(error.message).toContain('API_PORT');
  });

  it('counts the store day in UTC unless STORE_TIME_ZONE names an IANA zone', () => {
    expect(parseConfig({}).store.timeZone).toBe('UTC');
    expect(parseConfig({ STORE_TIME_ZONE: 'Pacific/Kiritimati' }).store.timeZone).toBe('Pacific/Kiritimati');
    for (const bad of ['Mars/Olympus_Mons', '+01:00', '']) {
      expect(captureConfigError({ STORE_TIME_ZONE: bad }).issues[0], bad).toMatch(/^STORE_TIME_ZONE: /);
    }
  });

  it('books sales in EUR unless STORE_CURRENCY names another ISO 4217 currency', () => {
    expect(parseConfig({}).store.currency).toBe('EUR');
    expect(parseConfig({ STORE_CURRENCY: 'JPY' }).store.currency).toBe('JPY');
    for (const bad of ['eur', 'EURO', 'XYZ', '']) {
      expect(captureConfigError({ STORE_CURRENCY: bad }).issues[0], bad).toMatch(/^STORE_CURRENCY: /);
    }
  });

  it('refuses to start in production without its secrets, naming each', () => {
    const error = captureConfigError({ NODE_ENV: 'production', JWT_SECRET: SECRET });
    expect(error.issues).toEqual(['CA_KEY_PASSPHRASE: required in production (no default secret exists)']);
  });

  it('refuses distributed mode without JWT_SECRET, even outside production: its API replicas must share the key', () => {
    expect(captureConfigError({ TILLWIRE_MODE: 'distributed' }).issues).toEqual([
      'JWT_SECRET: required in distributed mode (every API replica must sign and verify with the same key)',
    ]);
    expect(parseConfig(DISTRIBUTED).secrets.jwtSecret).toBe(SECRET);
    // Embedded mode outside production generates its key in the data directory instead.
    expect(parseConfig({}).secrets.jwtSecret).toBeUndefined();
  });

  it('issues 15-minute access tokens and 12-hour refresh tokens, and locks an account for 15 minutes after 5 failures', () => {
    expect(parseConfig({}).auth).toEqual({
      accessTokenSeconds: 900,
      refreshTokenSeconds: 43_200,
      maxFailedAttempts: 5,
      lockoutSeconds: 900,
    });
    expect(
      parseConfig({
        AUTH_ACCESS_TOKEN_SECONDS: '300',
        AUTH_REFRESH_TOKEN_SECONDS: '3600',
        AUTH_MAX_FAILED_ATTEMPTS: '3',
        AUTH_LOCKOUT_SECONDS: '60',
      }).auth,
    ).toEqual({ accessTokenSeconds: 300, refreshTokenSeconds: 3_600, maxFailedAttempts: 3, lockoutSeconds: 60 });
    expect(parseConfig({ AUTH_SESSION_CHECK_SECONDS: '1' }).api.sessionCheckSeconds).toBe(1);
    for (const [name, value] of [
      ['AUTH_ACCESS_TOKEN_SECONDS', '59'],
      ['AUTH_ACCESS_TOKEN_SECONDS', '86401'],
      ['AUTH_REFRESH_TOKEN_SECONDS', 'soon'],
      ['AUTH_MAX_FAILED_ATTEMPTS', '0'],
      ['AUTH_LOCKOUT_SECONDS', '0'],
      ['AUTH_SESSION_CHECK_SECONDS', '0'],
      ['AUTH_SESSION_CHECK_SECONDS', '61'],
    ] as const) {
      expect(captureConfigError({ [name]: value }).issues[0], `${name}=${value}`).toMatch(new RegExp(`^${name}: `));
    }
    expect(captureConfigError({ AUTH_ACCESS_TOKEN_SECONDS: '3600', AUTH_REFRESH_TOKEN_SECONDS: '1800' }).issues).toEqual([
      'AUTH_REFRESH_TOKEN_SECONDS: must be at least AUTH_ACCESS_TOKEN_SECONDS (3600)',
    ]);
  });

  it('refuses a short secret even outside production', () => {
    expect(captureConfigError({ JWT_SECRET: 'short' }).issues[0]).toMatch(/^JWT_SECRET: /);
  });

  it('accepts production with both secrets', () => {
    const config = parseConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, CA_KEY_PASSPHRASE: SECRET });
    expect(config.secrets.jwtSecret).toBe(SECRET);
  });

  it('is frozen all the way down', () => {
    const config = parseConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.api)).toBe(true);
    expect(() => {
      (config.api as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

function captureConfigError(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
