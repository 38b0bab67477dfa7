import type { Manifest } from './chart-renderer';

/**
 * Structural checks of rendered Kubernetes objects, as far as they hold without a cluster: known
 * kinds and API versions, valid names and labels, and every reference between objects resolving
 * (selectors, ports by name, ConfigMaps and Secrets, autoscaler targets, ingress backends).
 */

type Obj = Record<string, unknown>;

const API_VERSIONS: Readonly<Record<string, string>> = {
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  Ingress: 'networking.k8s.io/v1',
};
/** Fields the chart may set, per object part: a mis-indented block shows up as a field out of place. */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  object: ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData', 'type'],
  metadata: ['name', 'labels', 'annotations'],
  deployment: ['replicas', 'selector', 'template'],
  pod: [
    'automountServiceAccountToken', 'terminationGracePeriodSeconds', 'securityContext', 'topologySpreadConstraints',
    'imagePullSecrets', 'nodeSelector', 'tolerations', 'affinity', 'initContainers', 'containers', 'volumes',
  ],
  container: [
    'name', 'image', 'imagePullPolicy', 'workingDir', 'command', 'args', 'ports', 'envFrom', 'env', 'startupProbe',
    'livenessProbe', 'readinessProbe', 'resources', 'securityContext', 'volumeMounts',
  ],
  resources: ['requests', 'limits'],
  service: ['type', 'externalTrafficPolicy', 'loadBalancerSourceRanges', 'selector', 'ports'],
};

function misplaced(where: string, value: unknown, part: keyof typeof FIELDS): string[] {
  return Object.keys(obj(value))
    .filter((key) => !FIELDS[part]!.includes(key))
    .map((key) => `${where}: ${key} is not a field of ${part}`);
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const PORT_NAME = /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

export const obj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
export const list = (value: unknown): Obj[] => (Array.isArray(value) ? value.map(obj) : []);
export const nameOf = (manifest: Obj): string => String(obj(manifest.metadata).name);

export function ofKind(manifests: readonly Manifest[], kind: string): Obj[] {
  return manifests.map((m) => m.object).filter((o) => o.kind === kind);
}

export function podSpec(deployment: Obj): Obj {
  return obj(obj(obj(deployment.spec).template).spec);
}

/** Every container of a Deployment's pod, init containers first. */
export function containers(deployment: Obj): Obj[] {
  const spec = podSpec(deployment);
  return [...list(spec.initContainers), ...list(spec.containers)];
}

export function podLabels(deployment: Obj): Obj {
  return obj(obj(obj(obj(deployment.spec).template).metadata).labels);
}

export function podAnnotations(deployment: Obj): Obj {
  return obj(obj(obj(obj(deployment.spec).template).metadata).annotations);
}

const selects = (selector: Obj, labels: Obj) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);

/** Secrets the objects may name without rendering them: their names, and the keys known to be in each. */
export type ExternalSecrets = Readonly<Record<string, readonly string[]>>;

export function manifestProblems(manifests: readonly Manifest[], external: ExternalSecrets = {}): string[] {
  const problems: string[] = [];
  const objects = manifests.map((m) => m.object);
  const deployments = ofKind(manifests, 'Deployment');
  const services = ofKind(manifests, 'Service');
  const configMaps = new Map(ofKind(manifests, 'ConfigMap').map((c) => [nameOf(c), Object.keys(obj(c.data))]));
  const secrets = new Map<string, readonly string[]>([
    ...Object.entries(external),
    ...ofKind(manifests, 'Secret').map((s) => [nameOf(s), Object.keys({ ...obj(s.data), ...obj(s.stringData) })] as const),
  ]);
  const autoscaled = new Set(
    ofKind(manifests, 'HorizontalPodAutoscaler').map((h) => String(obj(obj(h.spec).scaleTargetRef).name)),
  );
  const seen = new Set<string>();
  for (const object of objects) {
    const kind = String(object.kind);
    const name = nameOf(object);
    const where = `${kind} ${name}`;
    if (API_VERSIONS[kind] === undefined) problems.push(`${where}: unexpected kind`);
    else if (object.apiVersion !== API_VERSIONS[kind]) problems.push(`${where}: apiVersion ${String(object.apiVersion)}`);
    if (!(kind === 'Service' ? DNS_LABEL : DNS_SUBDOMAIN).test(name)) problems.push(`${where}: invalid name`);
    if (seen.has(`${kind}/${name}`)) problems.push(`${where}: rendered twice`);
    seen.add(`${kind}/${name}`);
    const labels = obj(obj(object.metadata).labels);
    if (!labels['app.kubernetes.io/instance']) problems.push(`${where}: no app.kubernetes.io/instance label`);
    for (const [key, value] of Object.entries(labels)) {
      if (typeof value !== 'string' || !LABEL_VALUE.test(value)) problems.push(`${where}: label ${key}=${String(value)}`);
    }
    problems.push(...misplaced(where, object, 'object'), ...misplaced(where, object.metadata, 'metadata'));
    if (kind === 'Service') problems.push(...misplaced(where, object.spec, 'service'));
    if (kind === 'ConfigMap' || kind === 'Secret') {
      for (const [key, value] of Object.entries({ ...obj(object.data), ...obj(object.stringData) })) {
        if (typeof value !== 'string') problems.push(`${where}: ${key} is not a string`);
      }
    }
  }

  for (const deployment of deployments) {
    const where = `Deployment ${nameOf(deployment)}`;
    const spec = obj(deployment.spec);
    if (!selects(obj(obj(spec.selector).matchLabels), podLabels(deployment))) problems.push(`${where}: selector does not match its pods`);
    if (autoscaled.has(nameOf(deployment)) === ('replicas' in spec)) {
      problems.push(`${where}: ${autoscaled.has(nameOf(deployment)) ? 'sets replicas beside its autoscaler' : 'no replicas and no autoscaler'}`);
    }
    const pod = podSpec(deployment);
    problems.push(...misplaced(where, spec, 'deployment'), ...misplaced(where, pod, 'pod'));
    const volumes = list(pod.volumes);
    for (const volume of volumes) {
      const secretName = obj(volume.secret).secretName;
      if (secretName !== undefined && !secrets.has(String(secretName))) problems.push(`${where}: volume of unknown Secret ${String(secretName)}`);
    }
    if (list(pod.containers).length === 0) problems.push(`${where}: no containers`);
    for (const container of containers(deployment)) {
      problems.push(...containerProblems(`${where} ${String(container.name)}`, container, volumes, configMaps, secrets));
    }
  }

  const podsOf = (selector: Obj) => deployments.filter((d) => selects(selector, podLabels(d)));
  const portNames = (deployment: Obj) => containers(deployment).flatMap((c) => list(c.ports).map((p) => p.name));
  for (const service of services) {
    const where = `Service ${nameOf(service)}`;
    const [target, ...more] = podsOf(obj(obj(service.spec).selector));
    if (!target || more.length > 0) {
      problems.push(`${where}: selects ${more.length + (target ? 1 : 0)} Deployments`);
      continue;
    }
    for (const port of list(obj(service.spec).ports)) {
      if (!isPort(port.port)) problems.push(`${where}: port ${String(port.port)}`);
      if (!portNames(target).includes(port.targetPort)) problems.push(`${where}: targetPort ${String(port.targetPort)} is not a port of its pods`);
    }
  }
  for (const hpa of ofKind(manifests, 'HorizontalPodAutoscaler')) {
    const spec = obj(hpa.spec);
    const target = obj(spec.scaleTargetRef);
    if (target.kind !== 'Deployment' || !deployments.some((d) => nameOf(d) === target.name)) problems.push(`HPA ${nameOf(hpa)}: no such Deployment`);
    if (!(Number(spec.minReplicas) >= 1 && Number(spec.minReplicas) <= Number(spec.maxReplicas))) problems.push(`HPA ${nameOf(hpa)}: replica bounds`);
  }
  for (const pdb of ofKind(manifests, 'PodDisruptionBudget')) {
    if (podsOf(obj(obj(obj(pdb.spec).selector).matchLabels)).length !== 1) problems.push(`PDB ${nameOf(pdb)}: does not select one Deployment`);
  }
  for (const ingress of ofKind(manifests, 'Ingress')) {
    const rules = list(obj(ingress.spec).rules);
    if (rules.length === 0) problems.push(`Ingress ${nameOf(ingress)}: no rules`);
    for (const path of rules.flatMap((rule) => list(obj(rule.http).paths))) {
      const backend = obj(obj(path.backend).service);
      const service = services.find((s) => nameOf(s) === backend.name);
      const port = obj(backend.port);
      if (!service || !list(obj(service.spec).ports).some((p) => p.name === port.name || p.port === port.number)) {
        problems.push(`Ingress ${nameOf(ingress)}: no Service port ${String(backend.name)}:${String(port.name ?? port.number)}`);
      }
    }
  }
  return problems;
}

function containerProblems(
  where: string,
  container: Obj,
  volumes: readonly Obj[],
  configMaps: ReadonlyMap<string, readonly string[]>,
  secrets: ReadonlyMap<string, readonly string[]>,
): string[] {
  const problems: string[] = [];
  if (!DNS_LABEL.test(String(container.name)) || !container.image) problems.push(`${where}: name or image`);
  problems.push(...misplaced(where, container, 'container'), ...misplaced(where, container.resources, 'resources'));
  const ports = list(container.ports);
  for (const port of ports) {
    if (!PORT_NAME.test(String(port.name)) || !isPort(port.containerPort)) problems.push(`${where}: port ${String(port.name)}=${String(port.containerPort)}`);
  }
  if (new Set(ports.map((p) => p.name)).size !== ports.length) problems.push(`${where}: port names repeat`);
  for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    if (!(probe in container)) continue;
    const handler = obj(container[probe]);
    const port = obj(handler.httpGet ?? handler.tcpSocket).port;
    if (!ports.some((p) => p.name === port || p.containerPort === port)) problems.push(`${where}: ${probe} on port ${String(port)} it does not have`);
  }
  for (const source of list(container.envFrom)) {
    const map = obj(source.configMapRef).name;
    const secret = obj(source.secretRef).name;
    if (map !== undefined && !configMaps.has(String(map))) problems.push(`${where}: envFrom unknown ConfigMap ${String(map)}`);
    if (secret !== undefined && !secrets.has(String(secret))) problems.push(`${where}: envFrom unknown Secret ${String(secret)}`);
  }
  for (const variable of list(container.env)) {
    const from = obj(variable.valueFrom);
    for (const [ref, known] of [['secretKeyRef', secrets], ['configMapKeyRef', configMaps]] as const) {
      const key = obj(from[ref]);
      if (Object.keys(key).length === 0) continue;
      const keys = known.get(String(key.name));
      if (keys === undefined) problems.push(`${where}: ${String(variable.name)} from unknown ${ref} ${String(key.name)}`);
      else if (key.optional !== true && !keys.includes(String(key.key))) problems.push(`${where}: ${String(variable.name)}: no key ${String(key.key)} in ${String(key.name)}`);
    }
  }
  for (const mount of list(container.volumeMounts)) {
    if (!volumes.some((v) => v.name === mount.name)) problems.push(`${where}: mounts unknown volume ${String(mount.name)}`);
  }
  return problems;
}

function isPort(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
}

/**
 * The environment a container starts with: its ConfigMaps and Secrets (`envFrom`) overlaid by
 * `env`, the Secrets' values read from the rendered ones or `external`, a field ref as `fieldRef:<path>`.
 * An optional key that is absent leaves the variable as `envFrom` set it.
 */
export function containerEnvironment(
  container: Obj,
  manifests: readonly Manifest[],
  external: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
): Record<string, string> {
  const stored = (kind: string, name: unknown): Record<string, string> => {
    const found = ofKind(manifests, kind).find((o) => nameOf(o) === name);
    if (found) return { ...(obj(found.data) as Record<string, string>), ...(obj(found.stringData) as Record<string, string>) };
    return { ...(external[String(name)] ?? {}) };
  };
  const environment: Record<string, string> = {};
  for (const source of list(container.envFrom)) {
    if (source.configMapRef) Object.assign(environment, stored('ConfigMap', obj(source.configMapRef).name));
    if (source.secretRef) Object.assign(environment, stored('Secret', obj(source.secretRef).name));
  }
  for (const variable of list(container.env)) {
    const name = String(variable.name);
    const from = obj(variable.valueFrom);
    if ('value' in variable) environment[name] = String(variable.value);
    else if (from.fieldRef) environment[name] = `fieldRef:${String(obj(from.fieldRef).fieldPath)}`;
    else {
      const [kind, ref] = from.secretKeyRef ? ['Secret', obj(from.secretKeyRef)] : ['ConfigMap', obj(from.configMapKeyRef)];
      const value = stored(kind, ref.name)[String(ref.key)];
      if (value !== undefined) environment[name] = value;
    }
  }
  return environment;
}
