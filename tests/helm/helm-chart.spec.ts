import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../libs/platform/src/config/config';
import { environmentSchema, SECRET_VARIABLES } from '../../libs/platform/src/config/config.schema';
import { SERVICE_NAMES } from '../../libs/platform/src/runner/service-module';
import { chartTemplates, parseManifests, readYaml, renderChart, type Manifest, type Values } from './chart-renderer';
import { containerEnvironment, containers, list, manifestProblems, nameOf, obj, ofKind, podAnnotations, podLabels, podSpec } from './manifest-checks';
import { hasPath, rangeFieldPaths, shape, unknownPaths, valueAt, valuesPaths } from './template-references';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHART = path.join(ROOT, 'infra/helm/tillwire');
const EXAMPLES = path.join(ROOT, 'infra/helm/examples');
const VALUES_FILE = path.join(CHART, 'values.yaml');
const VALUES = readYaml(VALUES_FILE);
const RELEASE = { name: 'shop', namespace: 'retail' };
const SCHEMA_VARIABLES = Object.keys(environmentSchema.shape);
/** The variables the templates set themselves; `config` may not name them. */
const CHART_SET = [
  'TILLWIRE_MODE', 'TILLWIRE_NODE_ID', 'NATS_URL', 'REDIS_URL', 'LOYALTY_GRPC_URL', 'REPORTS_GRPC_URL',
  'TERMINAL_CA_DIR', 'DATABASE_URL', 'JWT_SECRET', 'CA_KEY_PASSPHRASE',
];
/** What the web apps read (their app/config.ts), plus Next.js's own switch. */
const WEB_APP_VARIABLES = [
  ...new Set(
    ['pos-web', 'admin-web'].flatMap((app) =>
      [...readFileSync(path.join(ROOT, 'apps', app, 'app/config.ts'), 'utf8').matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((m) => m[1]!),
    ),
  ),
  'NEXT_TELEMETRY_DISABLED',
];

const GIVEN_SECRETS: Values = {
  secrets: { DATABASE_URL: 'postgresql://tillwire:pw@pg.db.svc:5432/tillwire', JWT_SECRET: 'j'.repeat(40), CA_KEY_PASSPHRASE: 'c'.repeat(40) },
  terminalCa: { pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
};
/** The Secrets the scale-out example names, as an operator would have created them. */
const EXISTING_SECRETS = {
  'tillwire-secrets': {
    DATABASE_URL: 'postgresql://tillwire:pw@db.example.internal:5432/tillwire',
    JWT_SECRET: 'j'.repeat(40),
    CA_KEY_PASSPHRASE: 'c'.repeat(40),
    REDIS_URL: 'redis://:pw@redis-master.cache.svc:6379',
  },
  'tillwire-terminal-ca': { 'ca.pem': '-----BEGIN CERTIFICATE-----\n…' },
};
const EXISTING_SECRETS_KEYS = Object.fromEntries(Object.entries(EXISTING_SECRETS).map(([name, data]) => [name, Object.keys(data)]));

interface Scenario {
  readonly name: string;
  readonly overrides: readonly Values[];
  /** The kinds it renders besides Deployments, Services, the ConfigMap and the budgets. */
  readonly kinds: readonly string[];
  readonly migrations: boolean;
  /** Whether the service pods carry the prometheus.io scrape annotations. */
  readonly scraped: boolean;
}
const SCENARIOS: readonly Scenario[] = [
  {
    name: 'the defaults with the secrets given',
    overrides: [GIVEN_SECRETS],
    kinds: ['Secret', 'HorizontalPodAutoscaler'],
    migrations: true,
    scraped: true,
  },
  {
    name: 'the scale-out example',
    overrides: [readYaml(path.join(EXAMPLES, 'values-scale-out.yaml'))],
    kinds: ['HorizontalPodAutoscaler', 'Ingress'],
    migrations: true,
    scraped: true,
  },
  {
    name: 'fixed replicas, no migrations, a NodePort listener, no scrape annotations',
    kinds: ['Secret'],
    migrations: false,
    scraped: false,
    overrides: [
      GIVEN_SECRETS,
      {
        migrations: { enabled: false },
        metrics: { scrapeAnnotations: false },
        services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, { autoscaling: { enabled: false } }])),
        webApps: { 'pos-web': { autoscaling: { enabled: false } } },
        terminalListener: { service: { type: 'NodePort' } },
        topologySpread: { enabled: false },
      },
    ],
  },
];

const HELM = findOnPath('helm');
type Renderer = (scenario: Scenario) => Manifest[];
const RENDERERS: ReadonlyArray<[string, Renderer]> = [
  ['the chart renderer', (scenario) => renderChart(CHART, scenario.overrides, RELEASE)],
  ...(HELM ? [['helm template', helmTemplate] as [string, Renderer]] : []),
];

describe('values and templates', () => {
  it('parse: values.yaml and every example', () => {
    for (const file of [VALUES_FILE, ...exampleFiles()]) expect(readYaml(file), file).toBeTypeOf('object');
    expect(exampleFiles().length).toBeGreaterThan(0);
  });

  it('every .Values path a template reads exists in values.yaml', () => {
    const missing = chartTemplates(CHART).flatMap(({ name, file }) =>
      valuesPaths(readFileSync(file, 'utf8'))
        .filter((p) => !hasPath(VALUES, p))
        .map((p) => `${name}: .Values.${p}`),
    );
    expect(missing).toEqual([]);
    expect(chartTemplates(CHART).flatMap(({ file }) => valuesPaths(readFileSync(file, 'utf8'))).length).toBeGreaterThan(20);
  });

  it('every field a template reads from a services or webApps entry exists in each entry, and the entries share one shape', () => {
    const ranges = chartTemplates(CHART).flatMap(({ name, file }) => rangeFieldPaths(readFileSync(file, 'utf8')).map((r) => ({ name, ...r })));
    expect(ranges.filter((r) => r.fields.length > 0).map((r) => r.collection)).toEqual(expect.arrayContaining(['services', 'webApps']));
    const missing = ranges.flatMap(({ name, collection, fields }) =>
      Object.entries(obj(valueAt(VALUES, collection))).flatMap(([entry, value]) =>
        fields.filter((field) => !hasPath(value, field)).map((field) => `${name}: ${collection}.${entry}.${field}`),
      ),
    );
    expect(missing).toEqual([]);
    for (const collection of ['services', 'webApps'] as const) {
      const shapes = Object.values(obj(VALUES[collection])).map((entry) => shape(obj(entry), ['resources', 'ports']));
      expect(new Set(shapes.map((s) => s.join())).size, collection).toBe(1);
    }
    expect(Object.keys(obj(VALUES.services)).sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it('config names only variables of the config schema, and accounts for every one', () => {
    const config = obj(VALUES.config);
    expect(Object.keys(config).filter((name) => !SCHEMA_VARIABLES.includes(name) || CHART_SET.includes(name))).toEqual([]);
    const commented = [...readFileSync(VALUES_FILE, 'utf8').matchAll(/^\s+#\s*([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    const accounted = new Set([...Object.keys(config), ...commented, ...CHART_SET]);
    expect(SCHEMA_VARIABLES.filter((name) => !accounted.has(name))).toEqual([]);
    expect(CHART_SET.every((name) => SCHEMA_VARIABLES.includes(name))).toBe(true);
    // The ConfigMap template refuses exactly these in `config`.
    const guarded = /range \$name := list ((?:"[A-Z_]+" ?)+)/.exec(readFileSync(path.join(CHART, 'templates/configmap.yaml'), 'utf8'))?.[1];
    expect(guarded?.match(/[A-Z_]+/g)).toEqual(CHART_SET);
  });

  it('the examples set only what values.yaml knows, and config variables of the schema', () => {
    for (const file of exampleFiles()) {
      const example = readYaml(file);
      const { config = {}, ...rest } = example;
      expect(unknownPaths(rest, VALUES), file).toEqual([]);
      expect(Object.keys(obj(config)).filter((name) => !SCHEMA_VARIABLES.includes(name) || CHART_SET.includes(name)), file).toEqual([]);
    }
  });
});

describe.each(RENDERERS)('the chart rendered by %s', (_renderer, render) => {
  describe.each(SCENARIOS)('with $name', (scenario) => {
    const manifests = render(scenario);
    const deployments = ofKind(manifests, 'Deployment');
    const component = (d: Record<string, unknown>) => String(podLabels(d)['app.kubernetes.io/component']);
    const serviceDeployments = deployments.filter((d) => (SERVICE_NAMES as readonly string[]).includes(component(d)));

    it('renders valid objects whose references all resolve', () => {
      expect(manifestProblems(manifests, EXISTING_SECRETS_KEYS)).toEqual([]);
      expect(new Set(manifests.map((m) => m.object.kind))).toEqual(
        new Set(['ConfigMap', 'Service', 'Deployment', 'PodDisruptionBudget', ...scenario.kinds]),
      );
    });

    it('runs one Deployment per service, each pod a node of that service alone, and both web apps', () => {
      expect(serviceDeployments.map(component).sort()).toEqual([...SERVICE_NAMES].sort());
      for (const deployment of serviceDeployments) {
        const main = list(podSpec(deployment).containers);
        expect(main.map((c) => c.args)).toEqual([['node', '--services', component(deployment)]]);
      }
      expect(deployments.map(component).filter((c) => c.endsWith('-web')).sort()).toEqual(['admin-web', 'pos-web']);
    });

    it('starts every service container in production distributed mode with schema variables only', () => {
      for (const deployment of serviceDeployments) {
        for (const container of containers(deployment)) {
          const where = `${nameOf(deployment)}/${String(container.name)}`;
          const environment = containerEnvironment(container, manifests, EXISTING_SECRETS);
          expect(Object.keys(environment).filter((name) => !SCHEMA_VARIABLES.includes(name)), where).toEqual([]);
          expect([...SECRET_VARIABLES, 'DATABASE_URL'].filter((name) => !environment[name]), where).toEqual([]);
          const config = parseConfig(environment);
          expect([config.env, config.mode], where).toEqual(['production', 'distributed']);
          expect(environment.TILLWIRE_NODE_ID, where).toBe('fieldRef:metadata.name');
          for (const url of [config.databaseUrl!, config.natsUrl, config.redisUrl]) {
            expect(new URL(url).hostname, `${where} ${url}`).not.toMatch(/^(127\.0\.0\.1|localhost)$/);
          }
        }
      }
    });

    it('probes each service node on its health endpoint and exposes the ports its configuration opens', () => {
      for (const deployment of serviceDeployments) {
        const [main] = list(podSpec(deployment).containers);
        const config = parseConfig(containerEnvironment(main!, manifests, EXISTING_SECRETS));
        const ports = Object.fromEntries(list(main!.ports).map((p) => [p.name, p.containerPort]));
        expect(ports.health).toBe(config.health.port);
        expect(config.health.host).toBe('0.0.0.0');
        expect(obj(obj(main!.readinessProbe).httpGet)).toEqual({ path: '/readyz', port: 'health' });
        expect(obj(obj(main!.livenessProbe).httpGet)).toEqual({ path: '/livez', port: 'health' });
        const opened = {
          api: { health: config.health.port, http: config.api.port },
          terminals: { health: config.health.port, mtls: config.terminals.listen.port },
          loyalty: { health: config.health.port, grpc: config.grpc.loyalty.port },
          reports: { health: config.health.port, grpc: config.grpc.reports.port },
        }[component(deployment)] ?? { health: config.health.port };
        expect(ports, nameOf(deployment)).toEqual(opened);
      }
    });

    it("has Prometheus scrape each service node's own /metrics on its health port, unless turned off", () => {
      const scrape = (d: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(podAnnotations(d)).filter(([key]) => key.startsWith('prometheus.io/')));
      for (const deployment of serviceDeployments) {
        const [main] = list(podSpec(deployment).containers);
        const config = parseConfig(containerEnvironment(main!, manifests, EXISTING_SECRETS));
        const expected = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(config.health.port), 'prometheus.io/path': '/metrics' };
        expect(scrape(deployment), nameOf(deployment)).toEqual(scenario.scraped ? expected : {});
      }
      // The web apps serve no metrics.
      for (const deployment of deployments.filter((d) => component(d).endsWith('-web'))) expect(scrape(deployment)).toEqual({});
    });

    it('points the gRPC clients and the web apps at the chart\'s Services', () => {
      const services = ofKind(manifests, 'Service');
      const servicePort = (host: string, port: number) =>
        services.some((s) => `${nameOf(s)}.${RELEASE.namespace}.svc` === host && list(obj(s.spec).ports).some((p) => p.port === port)) ||
        services.some((s) => nameOf(s) === host && list(obj(s.spec).ports).some((p) => p.port === port));
      const config = parseConfig(containerEnvironment(containers(serviceDeployments[0]!).at(-1)!, manifests, EXISTING_SECRETS));
      for (const url of [config.grpc.loyalty.url, config.grpc.reports.url]) {
        const [, host, port] = /^dns:\/\/\/(.+):(\d+)$/.exec(url) ?? [];
        expect(servicePort(host!, Number(port)), url).toBe(true);
      }
      for (const deployment of deployments.filter((d) => component(d).endsWith('-web'))) {
        const [web] = containers(deployment);
        const environment = containerEnvironment(web!, manifests);
        expect(Object.keys(environment).filter((name) => !WEB_APP_VARIABLES.includes(name))).toEqual([]);
        const api = new URL(environment.TILLWIRE_API_URL!);
        expect(servicePort(api.hostname, Number(api.port)), api.href).toBe(true);
      }
    });

    it('mounts the terminal CA Secret at TERMINAL_CA_DIR in the terminals pods only', () => {
      for (const deployment of serviceDeployments) {
        const [main] = list(podSpec(deployment).containers);
        const mounts = list(main!.volumeMounts);
        if (component(deployment) !== 'terminals') {
          expect(mounts, nameOf(deployment)).toEqual([]);
          continue;
        }
        const config = parseConfig(containerEnvironment(main!, manifests, EXISTING_SECRETS));
        expect(mounts).toEqual([{ name: 'terminal-ca', mountPath: config.terminals.caDir, readOnly: true }]);
      }
    });

    it('migrates the database before a service node starts, unless migrations are turned off', () => {
      for (const deployment of serviceDeployments) {
        const init = list(podSpec(deployment).initContainers);
        expect(init.map((c) => c.args), nameOf(deployment)).toEqual(scenario.migrations ? [['db:migrate']] : []);
      }
    });
  });
});

describe('the chart renderer refuses what Helm would refuse', () => {
  it('renders nothing without the secrets, and nothing with a chart-set variable in config', () => {
    expect(() => renderChart(CHART, [], RELEASE)).toThrow(/secrets\.DATABASE_URL is required/);
    expect(() => renderChart(CHART, [GIVEN_SECRETS, { config: { NATS_URL: 'nats://x:4222' } }], RELEASE)).toThrow(/config\.NATS_URL is set by the chart/);
    expect(() => renderChart(CHART, [{ ...GIVEN_SECRETS, terminalCa: { pem: '' } }], RELEASE)).toThrow(/terminalCa\.pem/);
  });

  it('reaches in-cluster NATS and Redis releases by their Services', () => {
    const manifests = renderChart(CHART, [SCENARIOS[1]!.overrides[0]!], RELEASE);
    const [configMap] = ofKind(manifests, 'ConfigMap');
    expect(obj(configMap!.data)).toMatchObject({ NATS_URL: 'nats://nats.messaging.svc:4222', REDIS_URL: 'redis://redis-master.cache.svc:6379' });
  });
});

// Skipped where helm is not on the PATH: it cannot be installed on these build machines (only the
// npm registry and Debian's packages are reachable, and Debian ships no helm). Everything else above
// runs without it.
describe.runIf(HELM)('with the helm binary', () => {
  it.each(SCENARIOS)('helm lint passes with $name', (scenario) => {
    expect(() => helm(['lint', '--strict', CHART, ...valuesArguments(scenario)])).not.toThrow();
  });
});


function exampleFiles(): string[] {
  return readdirSync(EXAMPLES).filter((file) => /^values-.*\.ya?ml$/.test(file)).map((file) => path.join(EXAMPLES, file));
}

function helmTemplate(scenario: Scenario): Manifest[] {
  const output = helm(['template', RELEASE.name, CHART, '--namespace', RELEASE.namespace, ...valuesArguments(scenario)]);
  return parseManifests(output, 'helm template');
}

function valuesArguments(scenario: Scenario): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tillwire-helm-'));
  return scenario.overrides.flatMap((values, i) => {
    const file = path.join(dir, `values-${i}.yaml`);
    writeFileSync(file, stringify(values));
    return ['--values', file];
  });
}

function helm(args: readonly string[]): string {
  return execFileSync(HELM!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}
