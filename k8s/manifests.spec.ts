/**
 * Static checks of the deployment descriptions: k8s/ (kustomize) and docker-compose.yml. No
 * Docker or cluster runs here, so this is what stands between a renamed variable or port and a
 * pod that crash-loops. The apps' own environment schemas (appConfigSchema) are the reference.
 */
import { SARGS_SERVICES } from '@sargs/contracts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import {
  appContainer,
  calledApps,
  Cluster,
  COMPOSE_FILE,
  composeContainerPorts,
  composeEnv,
  composeHealthcheckUrl,
  containerEnv,
  containerPortNumber,
  generatedConfigMaps,
  isInterpolated,
  isKustomization,
  K8S_DIR,
  listApps,
  listeningPorts,
  listYamlFiles,
  loadAppEnvSchema,
  loadCompose,
  loadK8sObjects,
  matches,
  missingResources,
  overlayConfig,
  parseYamlFile,
  reachableManifests,
  readKustomization,
  rel,
  REPO_ROOT,
  validatorKey,
  VALIDATORS,
  type AppEnvSchema,
  type ComposeFile,
  type EnvEntry,
} from './test/manifests';

const NAMESPACE = 'sargs';
const apps = listApps();
const objects = loadK8sObjects();
const cluster = new Cluster(objects);
const overlays = readdirSync(join(K8S_DIR, 'overlays'));

const schemas = new Map<string, Promise<AppEnvSchema>>();
const schemaOf = (app: string): Promise<AppEnvSchema> => {
  if (!schemas.has(app)) schemas.set(app, loadAppEnvSchema(app));
  return schemas.get(app) as Promise<AppEnvSchema>;
};

let composeFile: ComposeFile | undefined;
const compose = (): ComposeFile => (composeFile ??= loadCompose());

/** The app's container in its Deployment, or a failure naming what is missing. */
function containerOf(app: string) {
  const deployment = cluster.deployment(app);
  if (!deployment) throw new Error(`no Deployment named ${app}`);
  const container = appContainer(deployment, app);
  if (!container) throw new Error(`Deployment ${app} has no container named ${app}`);
  return { deployment, container };
}

const k8sEnv = (app: string): EnvEntry[] => containerEnv(containerOf(app).container, cluster);
const k8sEnvMap = (app: string) => new Map(k8sEnv(app).map((e) => [e.name, e.value]));
const composeEnvOf = (app: string) => composeEnv(compose().services[app] ?? {});

const unknownNames = (names: Iterable<string>, schema: AppEnvSchema) => [...names].filter((n) => !(n in schema.fields));
const missingNames = (names: Iterable<string>, schema: AppEnvSchema) => {
  const given = new Set(names);
  return schema.required.filter((n) => !given.has(n));
};
/**
 * Literal values the app would refuse at boot, as "NAME: message". A `*_FILE` value is a path in
 * the container, checked at boot there (and against the Deployment's mounts below), not here.
 */
const rejectedValues = (values: Iterable<[string, string | undefined]>, schema: AppEnvSchema) =>
  [...values].flatMap(([name, value]) => {
    if (value === undefined || isInterpolated(value) || !(name in schema.fields) || name.endsWith('_FILE')) return [];
    const result = schema.fields[name].safeParse(value);
    return result.success ? [] : [`${name}: ${result.error.issues.map((i) => i.message).join(', ')}`];
  });
const duplicates = <T>(items: readonly T[]): T[] => items.filter((item, i) => items.indexOf(item) !== i);

describe('YAML files', () => {
  const files = [...listYamlFiles(K8S_DIR), COMPOSE_FILE].map(rel);

  it.each(files)('%s parses (every document, no duplicate keys)', (file) => {
    expect(parseYamlFile(join(REPO_ROOT, file)).problems).toEqual([]);
  });
});

describe('Kubernetes objects', () => {
  const cases = objects.map((o) => [`${rel(o.file)} ${o.object.kind}/${o.object.metadata?.name}`, o.object] as const);

  it.each(cases)('%s validates against its Kubernetes schema', (_, object) => {
    const Model = VALIDATORS[validatorKey(object)];
    if (!Model) throw new Error(`no schema for ${validatorKey(object)}: add its kubernetes-models class to VALIDATORS`);
    expect(() => new Model(object as never).validate()).not.toThrow();
  });

  it('are named, once per kind, and leave the namespace to kustomize', () => {
    const ids = objects.map((o) => `${o.object.kind}/${o.object.metadata?.name}`);
    expect(ids.filter((id) => id.endsWith('/undefined'))).toEqual([]);
    expect(duplicates(ids)).toEqual([]);
    expect(objects.filter((o) => o.object.metadata?.namespace).map((o) => rel(o.file))).toEqual([]);
  });

  it(`all go to the namespace ${NAMESPACE}, which the base creates`, () => {
    expect(readKustomization(join(K8S_DIR, 'base')).namespace).toBe(NAMESPACE);
    expect(objects.filter((o) => o.object.kind === 'Namespace').map((o) => o.object.metadata?.name)).toEqual([NAMESPACE]);
  });
});

describe('kustomize', () => {
  const kustomizations = listYamlFiles(K8S_DIR).filter(isKustomization).map(rel);
  const manifests = listYamlFiles(join(K8S_DIR, 'base')).filter((f) => !isKustomization(f));

  it.each(kustomizations)('%s is well formed and its resources exist', (file) => {
    expect(missingResources(join(REPO_ROOT, file))).toEqual([]);
  });

  it.each(overlays)('overlay %s applies every manifest of the base', (overlay) => {
    const applied = new Set(reachableManifests(join(K8S_DIR, 'overlays', overlay)));
    expect(manifests.filter((file) => !applied.has(file)).map(rel)).toEqual([]);
  });

  it.each(overlays)('overlay %s changes only images and Deployments that exist', (overlay) => {
    const { images, replicas } = readKustomization(join(K8S_DIR, 'overlays', overlay));
    const usedImages = cluster.deployments.flatMap((d) => d.spec?.template.spec?.containers.map((c) => c.image?.split(':')[0]) ?? []);
    expect(images.map((i) => i.name).filter((name) => !usedImages.includes(name))).toEqual([]);
    expect(replicas.map((r) => r.name).filter((name) => !cluster.deployment(name))).toEqual([]);
  });
});

describe('docker-compose.yml', () => {
  it('uses only known fields, with the environment as a map', () => {
    expect(() => compose()).not.toThrow();
  });

  it('depends only on services that exist, waiting for health only where there is a health check', () => {
    const { services } = compose();
    const problems = Object.entries(services).flatMap(([name, service]) =>
      Object.entries(service.depends_on ?? {}).flatMap(([target, { condition }]) => {
        if (!services[target]) return [`${name} depends on unknown service ${target}`];
        if (condition === 'service_healthy' && !services[target].healthcheck) {
          return [`${name} waits for ${target}'s health check, which it has not`];
        }
        return [];
      }),
    );
    expect(problems).toEqual([]);
  });
});

describe.each(apps)('app %s', (app) => {
  it('has a Deployment, a Service, a NetworkPolicy and a compose service', () => {
    const labels = cluster.podLabels(app);
    expect({
      deployment: cluster.deployment(app)?.metadata?.name,
      service: cluster.service(app)?.spec?.selector,
      networkPolicies: cluster.policiesSelecting(labels).length > 0,
      compose: app in compose().services,
    }).toEqual({ deployment: app, service: cluster.deployment(app)?.spec?.selector.matchLabels, networkPolicies: true, compose: true });
    expect(Object.keys(labels)).not.toHaveLength(0);
  });

  it('runs its own entry point (Deployment args, compose build argument APP)', () => {
    const { container } = containerOf(app);
    expect([...(container.command ?? []), ...(container.args ?? [])]).toContain(`dist/apps/${app}/src/main.js`);
    expect(compose().services[app]?.build?.args?.APP).toBe(app);
  });

  describe('Kubernetes environment', () => {
    it('has only variables of appConfigSchema, each once, and no injected service links', async () => {
      const schema = await schemaOf(app);
      const names = k8sEnv(app).map((e) => e.name);
      expect(unknownNames(names, schema)).toEqual([]);
      expect(duplicates(names)).toEqual([]);
      expect(containerOf(app).deployment.spec?.template.spec?.enableServiceLinks).toBe(false);
    });

    it('provides every required variable', async () => {
      expect(missingNames(k8sEnvMap(app).keys(), await schemaOf(app))).toEqual([]);
    });

    it('holds values the schema accepts', async () => {
      expect(rejectedValues(k8sEnvMap(app), await schemaOf(app))).toEqual([]);
    });

    it(`takes secrets from ${app}-secrets, under the variable's own name (KAFKA_SASL_PASSWORD: sargs-<app>, key password)`, () => {
      const refs = k8sEnv(app).flatMap((e) => (e.secretRef ? [{ env: e.name, ...e.secretRef }] : []));
      expect(refs).toEqual(
        refs.map((r) =>
          // The Secret Strimzi's User Operator creates for the KafkaUser sargs-<app> (k8s/kafka).
          r.env === 'KAFKA_SASL_PASSWORD' ? { env: r.env, name: `sargs-${app}`, key: 'password' } : { env: r.env, name: `${app}-secrets`, key: r.env },
        ),
      );
    });
  });

  describe('compose environment', () => {
    it('has only variables of appConfigSchema', async () => {
      expect(unknownNames(composeEnvOf(app).keys(), await schemaOf(app))).toEqual([]);
    });

    it('provides every required variable', async () => {
      expect(missingNames(composeEnvOf(app).keys(), await schemaOf(app))).toEqual([]);
    });

    it('holds values the schema accepts (those not taken from .env)', async () => {
      expect(rejectedValues(composeEnvOf(app), await schemaOf(app))).toEqual([]);
    });
  });

  it('listens on the ports that container, probes, Service and metrics annotation name (probes and metrics on MANAGEMENT_PORT)', async () => {
    const { deployment, container } = containerOf(app);
    const ports = listeningPorts(await schemaOf(app), k8sEnvMap(app));
    const port = ports.get('PORT');
    const management = ports.get('MANAGEMENT_PORT');
    const listening = [...ports.values()];
    const probe = (name: 'livenessProbe' | 'readinessProbe' | 'startupProbe') =>
      container[name] && containerPortNumber(container, container[name]?.httpGet?.port);

    expect(k8sEnvMap(app).get('MANAGEMENT_PORT')).toBeDefined(); // set in the config, not left to the default
    expect(management).toBeDefined();
    expect(duplicates(listening)).toEqual([]);
    expect((container.ports ?? []).map((p) => p.containerPort).sort()).toEqual(listening.sort());
    expect(containerPortNumber(container, 'management')).toBe(management);
    expect({ liveness: probe('livenessProbe'), readiness: probe('readinessProbe'), startup: probe('startupProbe') }).toEqual({
      liveness: management,
      readiness: management,
      startup: container.startupProbe ? management : undefined,
    });
    // The Service carries the app's own port only: the management port is reached by Prometheus
    // on the pod, never through a Service or the Ingress.
    const targetPorts = (cluster.service(app)?.spec?.ports ?? []).map((p) => containerPortNumber(container, p.targetPort ?? p.port));
    expect(targetPorts).toContain(port);
    expect(targetPorts.filter((p) => p === undefined || p === management || !listening.includes(p))).toEqual([]);
    const annotations = deployment.spec?.template.metadata?.annotations ?? {};
    expect({ scrape: annotations['prometheus.io/scrape'], port: Number(annotations['prometheus.io/port']), path: annotations['prometheus.io/path'] }).toEqual({
      scrape: 'true',
      port: management,
      path: '/metrics',
    });
  });

  it('listens in compose on the ports that the health check (MANAGEMENT_PORT) and published ports name', async () => {
    const service = compose().services[app];
    const ports = listeningPorts(await schemaOf(app), composeEnvOf(app));
    const listening = [...ports.values()];
    expect(duplicates(listening)).toEqual([]);
    expect(composeEnvOf(app).get('MANAGEMENT_PORT')).toBeDefined();
    expect(Number(composeHealthcheckUrl(service)?.port)).toBe(ports.get('MANAGEMENT_PORT'));
    expect(composeHealthcheckUrl(service)?.pathname).toBe('/readyz');
    // Probes and metrics stay inside the compose network.
    expect(composeContainerPorts(service).filter((p) => !listening.includes(p) || p === ports.get('MANAGEMENT_PORT'))).toEqual([]);
  });

  it('has a HorizontalPodAutoscaler (2 pods at least) and a PodDisruptionBudget, and leaves the pod count to the autoscaler', () => {
    const { deployment } = containerOf(app);
    const hpas = cluster.autoscalers.filter((h) => h.spec?.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === app);
    const pdbs = cluster.disruptionBudgets.filter((p) => matches(p.spec?.selector?.matchLabels ?? { none: 'none' }, cluster.podLabels(app)));
    expect(hpas).toHaveLength(1);
    expect(pdbs).toHaveLength(1);
    const [hpa] = hpas;
    const [pdb] = pdbs;
    expect(hpa.spec?.scaleTargetRef.apiVersion).toBe('apps/v1');
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec?.maxReplicas).toBeGreaterThanOrEqual(hpa.spec?.minReplicas ?? 1);
    // CPU utilisation is relative to the request: the containers must request CPU.
    expect(deployment.spec?.template.spec?.containers.every((c) => c.resources?.requests?.cpu)).toBe(true);
    // One pod may go at a time, and at least one stays: minAvailable below the minimum of pods.
    const { maxUnavailable, minAvailable } = pdb.spec ?? {};
    expect(maxUnavailable !== undefined ? Number(maxUnavailable) >= 1 : Number(minAvailable) < (hpa.spec?.minReplicas ?? 0)).toBe(true);
    expect(deployment.spec?.replicas).toBeUndefined();
  });

  it('takes its ConfigMap from a kustomize configMapGenerator (a change rolls the pods)', () => {
    const names = (containerOf(app).container.envFrom ?? []).map((f) => f.configMapRef?.name);
    const generated = new Set(listYamlFiles(join(K8S_DIR, 'base')).filter(isKustomization).flatMap((file) => generatedConfigMaps(dirname(file)).map((o) => o.object.metadata?.name)));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !generated.has(name))).toEqual([]);
  });
});

type Peer = { podSelector?: { matchLabels?: Record<string, string> } };
type Rule = { ports?: { port?: number | string }[] };

/** Ports of a NetworkPolicy rule as numbers (a name resolved against `app`'s container). */
function rulePorts(rule: Rule, app: string): (number | undefined)[] {
  const { container } = containerOf(app);
  return (rule.ports ?? []).map((p) => containerPortNumber(container, p.port));
}

describe('calls between apps (<APP>_URL variables)', () => {
  const egressRules = (policies: INetworkPolicy[]) => policies.flatMap((p) => p.spec?.egress ?? []);
  const ingressRules = (policies: INetworkPolicy[]) => policies.flatMap((p) => p.spec?.ingress ?? []);
  const appsReached = (peers: Peer[] = []) =>
    peers.map((peer) => cluster.appSelectedBy(peer.podSelector?.matchLabels, apps)).filter((a) => a !== undefined);

  describe.each(apps)('%s', (caller) => {
    it('reaches each app it calls: URL, Service port and NetworkPolicies agree (Kubernetes)', async () => {
      for (const [callee, variable] of calledApps(k8sEnvMap(caller), apps)) {
        const url = new URL(k8sEnvMap(caller).get(variable) ?? '');
        const calleePort = listeningPorts(await schemaOf(callee), k8sEnvMap(callee)).get('PORT');
        const servicePort = cluster.service(callee)?.spec?.ports?.find((p) => p.port === Number(url.port));
        const { container } = containerOf(callee);
        const egress = egressRules(cluster.policiesSelecting(cluster.podLabels(caller)));
        const ingress = ingressRules(cluster.policiesSelecting(cluster.podLabels(callee)));
        // Named ports in either rule are the callee's container ports.
        const opens = (rule: Rule, peers: Peer[] | undefined, peerApp: string) =>
          appsReached(peers).includes(peerApp) && rulePorts(rule, callee).includes(calleePort);
        expect({
          variable,
          host: url.hostname.split('.')[0],
          servicePortTarget: servicePort && containerPortNumber(container, servicePort.targetPort ?? servicePort.port),
          egressAllowed: egress.some((r) => opens(r, r.to, callee)),
          ingressAllowed: ingress.some((r) => opens(r, r.from, caller)),
        }).toEqual({ variable, host: callee, servicePortTarget: calleePort, egressAllowed: true, ingressAllowed: true });
      }
    });

    it('reaches each app it calls: URL names its compose service and port (compose)', async () => {
      for (const [callee, variable] of calledApps(composeEnvOf(caller), apps)) {
        const url = new URL(composeEnvOf(caller).get(variable) ?? '');
        const calleePort = listeningPorts(await schemaOf(callee), composeEnvOf(callee)).get('PORT');
        expect({ variable, host: url.hostname, port: Number(url.port) }).toEqual({ variable, host: callee, port: calleePort });
      }
    });

    it('exchanges traffic with no app it does not call or is not called by', () => {
      const callees = [...calledApps(k8sEnvMap(caller), apps).keys()].sort();
      const callers = apps.filter((other) => calledApps(k8sEnvMap(other), apps).has(caller)).sort();
      const policies = cluster.policiesSelecting(cluster.podLabels(caller));
      const unique = (list: string[]) => [...new Set(list)].sort();
      expect(unique(egressRules(policies).flatMap((r) => appsReached(r.to)))).toEqual(callees);
      expect(unique(ingressRules(policies).flatMap((r) => appsReached(r.from)))).toEqual(callers);
    });
  });
});

describe('network policies', () => {
  const DNS = 53;
  const POSTGRES = 5432;
  const KAFKA = 9092;
  /** SMTP, SMTPS, submission, and MailDev / test relays: an app with SMTP_URL may reach them. */
  const SMTP = [25, 465, 587, 1025];

  it('deny all traffic in the namespace by default', () => {
    const defaultDeny = cluster.networkPolicies.filter(
      (p) => Object.keys(p.spec?.podSelector.matchLabels ?? {}).length === 0 && !p.spec?.podSelector.matchExpressions,
    );
    expect(defaultDeny.map((p) => ({ types: p.spec?.policyTypes, ingress: p.spec?.ingress, egress: p.spec?.egress }))).toEqual([
      { types: ['Ingress', 'Egress'], ingress: undefined, egress: undefined },
    ]);
  });

  it('name where every egress goes (`to:`): DNS, PostgreSQL, Kafka and the SMTP relay by namespace, apps by pod labels', () => {
    const open = cluster.networkPolicies.flatMap((p) => (p.spec?.egress ?? []).filter((r) => !r.to?.length).map(() => p.metadata?.name));
    expect(open).toEqual([]);
  });

  describe.each(apps)('%s', (app) => {
    const policies = () => cluster.policiesSelecting(cluster.podLabels(app));

    it('lets Prometheus (namespace monitoring) reach the management port only, and the ingress controller the main port only', async () => {
      const ports = listeningPorts(await schemaOf(app), k8sEnvMap(app));
      const from = (namespace: string) =>
        policies()
          .flatMap((p) => p.spec?.ingress ?? [])
          .filter((r) => r.from?.some((peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === namespace))
          .flatMap((r) => rulePorts(r, app));
      expect(from('monitoring')).toEqual([ports.get('MANAGEMENT_PORT')]);
      expect(from('ingress-nginx')).toEqual(app === 'gateway' ? [ports.get('PORT')] : []);
    });

    it('allows ingress only on ports the app listens on', async () => {
      const listening = [...listeningPorts(await schemaOf(app), k8sEnvMap(app)).values()];
      const rules = policies().flatMap((p) => p.spec?.ingress ?? []);
      expect(rules.length).toBeGreaterThan(0);
      expect(rules.filter((r) => !r.ports?.length)).toEqual([]); // a rule without ports opens all of them
      expect(rules.flatMap((r) => rulePorts(r, app)).filter((p) => p === undefined || !listening.includes(p))).toEqual([]);
    });

    it('allows egress only to DNS, its PostgreSQL, Kafka and SMTP relay if it has them, and apps it calls', async () => {
      const schema = await schemaOf(app);
      const allowed = [
        DNS,
        ...('DATABASE_URL' in schema.fields ? [POSTGRES] : []),
        ...('KAFKA_BROKERS' in schema.fields ? [KAFKA] : []),
        ...('SMTP_URL' in schema.fields ? SMTP : []),
      ];
      const problems = policies()
        .flatMap((p) => p.spec?.egress ?? [])
        .flatMap((rule) => {
          if (!rule.ports?.length) return ['a rule without ports'];
          const toApp = (rule.to ?? []).some((peer) => cluster.appSelectedBy(peer.podSelector?.matchLabels, apps));
          if (toApp) return []; // checked against the <APP>_URL variables above
          return rule.ports.map((p) => p.port).filter((port) => !allowed.includes(Number(port))).map((port) => `port ${port}`);
        });
      expect(problems).toEqual([]);
    });
  });
});

describe.each(apps)('%s, if it sends mail (SMTP_URL)', (app) => {
  /** The relay's port as nodemailer picks it: the URL's, else 465 for smtps and 25 for smtp. */
  const smtpPort = (url: URL) => Number(url.port || (url.protocol === 'smtps:' ? 465 : 25));

  it('may reach the relay its SMTP_URL names (Kubernetes)', () => {
    const value = k8sEnvMap(app).get('SMTP_URL');
    if (value === undefined) return; // not set, or taken from a Secret
    const egress = cluster.policiesSelecting(cluster.podLabels(app)).flatMap((p) => p.spec?.egress ?? []);
    const port = smtpPort(new URL(value));
    expect({ port, allowed: egress.some((r) => (r.to?.length ?? 0) > 0 && rulePorts(r, app).includes(port)) }).toEqual({ port, allowed: true });
  });

  it('names a compose service it depends on (compose)', () => {
    const value = composeEnvOf(app).get('SMTP_URL');
    if (value === undefined) return;
    const host = new URL(value).hostname;
    expect({ host, service: host in compose().services, dependsOn: host in (compose().services[app]?.depends_on ?? {}) }).toEqual({
      host,
      service: true,
      dependsOn: true,
    });
  });
});

describe.each(cluster.deployments.map((d) => [d.metadata?.name ?? '?', d] as const))('Deployment %s', (_, deployment) => {
  const pod = deployment.spec?.template.spec;
  const containers = pod?.containers ?? [];

  it('probes /healthz for liveness and /readyz for readiness', () => {
    expect(containers.map((c) => [c.livenessProbe?.httpGet?.path, c.readinessProbe?.httpGet?.path])).toEqual(
      containers.map(() => ['/healthz', '/readyz']),
    );
  });

  it('requests CPU and memory and limits memory', () => {
    for (const { resources } of containers) {
      expect(resources?.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(resources?.limits).toEqual(expect.objectContaining({ memory: expect.any(String) }));
    }
  });

  it('runs as non-root, with a read-only root filesystem and no capabilities', () => {
    for (const { securityContext } of containers) {
      expect({
        runAsNonRoot: securityContext?.runAsNonRoot ?? pod?.securityContext?.runAsNonRoot,
        readOnlyRootFilesystem: securityContext?.readOnlyRootFilesystem,
        allowPrivilegeEscalation: securityContext?.allowPrivilegeEscalation,
        drop: securityContext?.capabilities?.drop,
      }).toEqual({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, drop: ['ALL'] });
    }
  });
});

describe('Ingress', () => {
  it('serves the gateway over TLS (class nginx, certificate sargs-tls) for every host it routes', () => {
    const [ingress, ...others] = cluster.ingresses;
    expect(others).toEqual([]);
    const hosts = ingress.spec?.rules?.map((r) => r.host) ?? [];
    expect({
      className: ingress.spec?.ingressClassName,
      tls: ingress.spec?.tls?.map((t) => ({ secretName: t.secretName, hosts: t.hosts })),
    }).toEqual({ className: 'nginx', tls: [{ secretName: 'sargs-tls', hosts }] });
  });

  it('routes only to ports that Services expose', () => {
    const backends = (cluster.ingresses[0].spec?.rules ?? []).flatMap((r) => r.http?.paths.map((p) => p.backend.service) ?? []);
    expect(backends.length).toBeGreaterThan(0);
    for (const backend of backends) {
      const ports = cluster.service(backend?.name ?? '')?.spec?.ports ?? [];
      expect(ports.some((p) => p.name === backend?.port?.name || p.port === backend?.port?.number)).toBe(true);
    }
  });
});

describe('Ingress limits and routing', () => {
  /** nginx's size syntax: bytes, k, m, g. */
  const bytes = (size: string) => {
    const match = /^(\d+)([kmg]?)$/i.exec(size);
    if (!match) throw new Error(`${size} is not an nginx size`);
    return Number(match[1]) * 1024 ** ['', 'k', 'm', 'g'].indexOf(match[2].toLowerCase());
  };

  it('lets a 4 MB form to /admin/policies and a 2 MiB policy publish through (proxy-body-size)', () => {
    const size = cluster.ingresses[0].metadata?.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m';
    expect(bytes(size)).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    expect(bytes(size)).toBeGreaterThanOrEqual(2 * 1024 * 1024);
  });

  it("routes only to the gateway's own port, never to a management port", async () => {
    const backends = (cluster.ingresses[0].spec?.rules ?? []).flatMap((r) => r.http?.paths.map((p) => p.backend.service) ?? []);
    const { container } = containerOf('gateway');
    const ports = listeningPorts(await schemaOf('gateway'), k8sEnvMap('gateway'));
    const targets = backends.map((backend) => {
      const servicePort = cluster.service(backend?.name ?? '')?.spec?.ports?.find((p) => p.name === backend?.port?.name || p.port === backend?.port?.number);
      return { service: backend?.name, target: servicePort && containerPortNumber(container, servicePort.targetPort ?? servicePort.port) };
    });
    expect(targets).toEqual(backends.map(() => ({ service: 'gateway', target: ports.get('PORT') })));
  });
});

describe('ConfigMaps', () => {
  it('are all generated by kustomize (configMapGenerator, hash suffix kept), none written as a manifest', () => {
    expect(objects.filter((o) => o.object.kind === 'ConfigMap' && /\.ya?ml$/.test(o.file)).map((o) => rel(o.file))).toEqual([]);
    expect(cluster.configMaps.map((c) => c.metadata?.name).sort()).toEqual(apps.map((app) => `${app}-config`).sort());
  });

  it.each(overlays)('overlay %s merges only into generated ConfigMaps, with variables their app reads', async (overlay) => {
    const problems: string[] = [];
    for (const [name, data] of overlayConfig(join(K8S_DIR, 'overlays', overlay))) {
      const app = apps.find((a) => `${a}-config` === name);
      if (!app || !cluster.configMap(name)) {
        problems.push(`${name} is not a generated ConfigMap of the base`);
        continue;
      }
      const schema = await schemaOf(app);
      problems.push(...unknownNames(Object.keys(data), schema).map((n) => `${name}: ${n} unknown to ${app}`));
      problems.push(...rejectedValues(Object.entries(data), schema).map((r) => `${name}: ${r}`));
    }
    expect(problems).toEqual([]);
  });
});

describe('Kafka principals and TLS (KAFKA_SASL_*, KAFKA_SSL)', () => {
  const kafkaApps = () => apps.filter((app) => k8sEnvMap(app).has('KAFKA_BROKERS'));
  const production = () => overlayConfig(join(K8S_DIR, 'overlays', 'production'));
  /** The Secrets a workload's containers read through env. */
  const secretsRead = (workload: string, containers: { env?: { valueFrom?: { secretKeyRef?: { name?: string } } }[] }[]) =>
    containers.flatMap((c) => (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef?.name ? [{ workload, secret: e.valueFrom.secretKeyRef.name }] : [])));

  it('every service authenticates as its own principal sargs-<service> (SCRAM-SHA-512), its password from its own Secret', () => {
    expect(kafkaApps().length).toBe(SARGS_SERVICES.length);
    const principal = (app: string) => ({
      app,
      mechanism: k8sEnvMap(app).get('KAFKA_SASL_MECHANISM'),
      username: k8sEnvMap(app).get('KAFKA_SASL_USERNAME'),
      password: k8sEnv(app)
        .filter((e) => e.name === 'KAFKA_SASL_PASSWORD')
        .map((e) => e.secretRef),
    });
    expect(kafkaApps().map(principal)).toEqual(
      kafkaApps().map((app) => ({ app, mechanism: 'scram-sha-512', username: `sargs-${app}`, password: [{ name: `sargs-${app}`, key: 'password' }] })),
    );
  });

  it("no workload reads another service's Kafka principal", () => {
    const principals = kafkaApps().map((app) => `sargs-${app}`);
    const reads = [
      ...cluster.deployments.flatMap((d) => secretsRead(d.metadata?.name ?? '?', d.spec?.template.spec?.containers ?? [])),
      ...cluster.cronJobs.flatMap((c) => secretsRead(c.metadata?.name ?? '?', c.spec?.jobTemplate.spec?.template.spec?.containers ?? [])),
    ];
    expect(reads.filter(({ workload, secret }) => principals.includes(secret) && secret !== `sargs-${workload}`)).toEqual([]);
  });

  it("has a KafkaUser (k8s/kafka) for each service's KAFKA_SASL_USERNAME", () => {
    const users = objects.filter((o) => o.object.kind === 'KafkaUser').map((o) => o.object.metadata?.name);
    expect(kafkaApps().map((app) => k8sEnvMap(app).get('KAFKA_SASL_USERNAME')).filter((u) => !users.includes(u))).toEqual([]);
  });

  it('leaves topic replication to the KafkaTopics: no service sets it, in the base or an overlay', () => {
    const replication = ['KAFKA_REPLICATION_FACTOR', 'KAFKA_MIN_INSYNC_REPLICAS'];
    const set = [
      ...kafkaApps().flatMap((app) => replication.filter((n) => k8sEnvMap(app).has(n)).map((n) => `${app}: ${n}`)),
      ...overlays.flatMap((overlay) => [...overlayConfig(join(K8S_DIR, 'overlays', overlay))].flatMap(([name, data]) => replication.filter((n) => n in data).map((n) => `${overlay} ${name}: ${n}`))),
    ];
    expect(set).toEqual([]);
  });

  it('is TLS in the production overlay: verify-full against ca.crt of the Secret kafka-cluster-ca-cert, mounted by each service', () => {
    expect(kafkaApps().map((app) => [app, production().get(`${app}-config`)?.KAFKA_SSL])).toEqual(kafkaApps().map((app) => [app, 'verify-full']));
    const problems = kafkaApps().flatMap((app) => {
      const file = production().get(`${app}-config`)?.KAFKA_SSL_CA_FILE ?? '';
      const { deployment, container } = containerOf(app);
      const mount = container.volumeMounts?.find((m) => file.startsWith(`${m.mountPath}/`));
      const secret = deployment.spec?.template.spec?.volumes?.find((v) => v.name === mount?.name)?.secret;
      const ok = mount?.readOnly === true && secret?.secretName === 'kafka-cluster-ca-cert' && file === `${mount.mountPath}/ca.crt`;
      return ok ? [] : [`${app}: ${file || 'no KAFKA_SSL_CA_FILE'} is not ca.crt of a mounted kafka-cluster-ca-cert`];
    });
    expect(problems).toEqual([]);
  });

  it('is plain in the base, where the CA Secret may be missing (optional, as database-ca)', () => {
    expect(kafkaApps().filter((app) => (k8sEnvMap(app).get('KAFKA_SSL') ?? 'off') !== 'off')).toEqual([]);
    const caVolumes = kafkaApps().map((app) => cluster.deployment(app)?.spec?.template.spec?.volumes?.find((v) => v.secret?.secretName === 'kafka-cluster-ca-cert')?.secret?.optional);
    expect(caVolumes).toEqual(kafkaApps().map(() => true));
  });
});

describe('docker-compose.yml Kafka (SASL/SCRAM-SHA-512 and ACLs)', () => {
  const kafkaApps = () => apps.filter((app) => composeEnvOf(app).has('KAFKA_BROKERS'));
  const broker = () => composeEnvOf('kafka');
  const provision = () => compose().services['kafka-provision'];

  it('has each app authenticate as its own principal sargs-<app>, with a password of its own from .env', () => {
    expect(kafkaApps().length).toBe(SARGS_SERVICES.length);
    expect(
      kafkaApps().map((app) => ({
        app,
        mechanism: composeEnvOf(app).get('KAFKA_SASL_MECHANISM'),
        username: composeEnvOf(app).get('KAFKA_SASL_USERNAME'),
        password: composeEnvOf(app).get('KAFKA_SASL_PASSWORD')?.startsWith(`\${${app.toUpperCase()}_KAFKA_PASSWORD:?`),
      })),
    ).toEqual(kafkaApps().map((app) => ({ app, mechanism: 'scram-sha-512', username: `sargs-${app}`, password: true })));
  });

  it('runs a broker that authenticates every listener (SASL) and authorizes by ACLs, sargs-admin a super user and no app', () => {
    const protocols = new Map((broker().get('KAFKA_LISTENER_SECURITY_PROTOCOL_MAP') ?? '').split(',').map((p) => p.split(':') as [string, string]));
    expect([...protocols.values()].filter((p) => !p.startsWith('SASL_'))).toEqual([]);
    const advertised = (broker().get('KAFKA_ADVERTISED_LISTENERS') ?? '').split(',').map((l) => l.split('://')[0]);
    expect(advertised.map((l) => protocols.get(l))).toEqual(advertised.map(() => 'SASL_PLAINTEXT'));
    expect(broker().get('KAFKA_SASL_ENABLED_MECHANISMS')).toBe('SCRAM-SHA-512');
    expect(broker().get('KAFKA_AUTHORIZER_CLASS_NAME')).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(broker().get('KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND')).toBe('false');
    const superUsers = (broker().get('KAFKA_SUPER_USERS') ?? '').split(';');
    expect(superUsers).toContain('User:sargs-admin');
    expect(superUsers.filter((u) => u === 'User:ANONYMOUS' || kafkaApps().some((app) => u === `User:sargs-${app}`))).toEqual([]);
  });

  it('gives the broker a SCRAM user for the admin and each app, with the password each logs in with', () => {
    // tools/kafka/compose-broker.sh formats SARGS_KAFKA_<NAME>_PASSWORD as the user sargs-<name>.
    expect(compose().services.kafka?.command).toEqual(['bash', '/etc/sargs/compose-broker.sh', 'start']);
    expect(compose().services.kafka?.volumes).toContain('./tools/kafka/compose-broker.sh:/etc/sargs/compose-broker.sh:ro');
    expect(existsSync(join(REPO_ROOT, 'tools/kafka/compose-broker.sh'))).toBe(true);
    expect(kafkaApps().map((app) => broker().get(`SARGS_KAFKA_${app.toUpperCase()}_PASSWORD`))).toEqual(kafkaApps().map((app) => composeEnvOf(app).get('KAFKA_SASL_PASSWORD')));
    expect(broker().get('SARGS_KAFKA_ADMIN_PASSWORD')).toBe(composeEnvOf('kafka-provision').get('KAFKA_SASL_PASSWORD'));
    const passwords = [...broker()].filter(([name]) => /^SARGS_KAFKA_[A-Z0-9]+_PASSWORD$/.test(name)).map(([, value]) => value);
    expect(duplicates(passwords)).toEqual([]);
  });

  it('provisions topics and ACLs with kafka-provision (tools/kafka/provision.ts as compiled into the image, as sargs-admin) before any app starts', () => {
    const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['kafka:provision']).toMatch(/\btools\/kafka\/provision\.ts$/);
    expect([provision()?.command].flat().join(' ')).toBe('node dist/tools/kafka/provision.js');
    expect({
      brokers: composeEnvOf('kafka-provision').get('KAFKA_BROKERS'),
      username: composeEnvOf('kafka-provision').get('KAFKA_SASL_USERNAME'),
      waits: provision()?.depends_on?.kafka?.condition,
    }).toEqual({ brokers: composeEnvOf(kafkaApps()[0]).get('KAFKA_BROKERS'), username: 'sargs-admin', waits: 'service_healthy' });
    expect(kafkaApps().map((app) => [app, compose().services[app]?.depends_on?.['kafka-provision']?.condition])).toEqual(
      kafkaApps().map((app) => [app, 'service_completed_successfully']),
    );
  });
});

describe('restore Job (CronJob restore, suspended)', () => {
  const cronJob = () => {
    const found = cluster.cronJobs.find((c) => c.metadata?.name === 'restore');
    if (!found) throw new Error('no CronJob restore');
    return found;
  };
  const pod = () => cronJob().spec?.jobTemplate.spec?.template.spec;
  const container = () => {
    const found = pod()?.containers.find((c) => c.name === 'restore');
    if (!found) throw new Error('CronJob restore has no container restore');
    return found;
  };
  const env = () => containerEnv(container(), cluster);
  const serviceApps = () => apps.filter((app) => k8sEnvMap(app).has('KAFKA_BROKERS'));

  it('never runs by itself: suspended, one at a time, not retried', () => {
    expect({ suspend: cronJob().spec?.suspend, concurrency: cronJob().spec?.concurrencyPolicy, backoffLimit: cronJob().spec?.jobTemplate.spec?.backoffLimit }).toEqual({
      suspend: true,
      concurrency: 'Forbid',
      backoffLimit: 0,
    });
  });

  it("runs tools/backup's restore from the apps' image, on retention's backup volume (read only)", () => {
    const words = [...(container().command ?? []), ...(container().args ?? [])].join(' ');
    expect(words).toMatch(/\bnode dist\/tools\/backup\/restore\.js\b/);
    expect(container().image).toBe(containerOf('retention').container.image);
    const backupDir = k8sEnvMap('retention').get('BACKUP_DIR');
    const mount = container().volumeMounts?.find((m) => m.mountPath === backupDir);
    const volume = pod()?.volumes?.find((v) => v.name === mount?.name);
    const retentionClaim = containerOf('retention').deployment.spec?.template.spec?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
    expect({ readOnly: mount?.readOnly, claim: volume?.persistentVolumeClaim?.claimName }).toEqual({ readOnly: true, claim: retentionClaim });
    expect(words).toContain(backupDir);
  });

  it("restores each service database with that service's own DATABASE_URL, reads KAFKA_BROKERS and the request, and moves the groups as sargs-restore", () => {
    const secrets = env().flatMap((e) => (e.secretRef ? [`${e.name} ${e.secretRef.name} ${e.secretRef.key}`] : []));
    expect(secrets.sort()).toEqual(
      [
        ...serviceApps().map((app) => `${app.toUpperCase()}_DATABASE_URL ${app}-secrets DATABASE_URL`),
        'KAFKA_SASL_PASSWORD sargs-restore password',
        // The backup keys, in a Secret of their own that retention does not read.
        'BACKUP_SIGNING_PUBLIC_KEY backup-restore-keys BACKUP_SIGNING_PUBLIC_KEY',
        'BACKUP_DECRYPTION_IDENTITY backup-restore-keys BACKUP_DECRYPTION_IDENTITY',
      ].sort(),
    );
    expect(k8sEnv('retention').flatMap((e) => (e.secretRef?.name === 'backup-restore-keys' ? [e.name] : []))).toEqual([]);
    expect(['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME'].map((name) => env().find((e) => e.name === name)?.value)).toEqual(['scram-sha-512', 'sargs-restore']);
    const script = (container().args ?? []).join('\n');
    for (const app of serviceApps()) expect(script).toContain(`${app}) url=$${app.toUpperCase()}_DATABASE_URL ;;`);
    const names = env().map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['BACKUP_ID', 'RESTORE_DATABASES', 'KAFKA_BROKERS']));
    expect(env().find((e) => e.name === 'KAFKA_BROKERS')?.value).toBe(k8sEnvMap('retention').get('KAFKA_BROKERS'));
  });

  it('runs hardened like the apps (non-root, read-only root filesystem, no capabilities)', () => {
    const { securityContext } = container();
    expect({
      runAsNonRoot: securityContext?.runAsNonRoot ?? pod()?.securityContext?.runAsNonRoot,
      readOnlyRootFilesystem: securityContext?.readOnlyRootFilesystem,
      allowPrivilegeEscalation: securityContext?.allowPrivilegeEscalation,
      drop: securityContext?.capabilities?.drop,
      serviceAccountToken: pod()?.automountServiceAccountToken,
      restartPolicy: pod()?.restartPolicy,
    }).toEqual({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, drop: ['ALL'], serviceAccountToken: false, restartPolicy: 'Never' });
  });

  it('accepts no traffic and reaches only DNS, PostgreSQL and Kafka', () => {
    const labels = cronJob().spec?.jobTemplate.spec?.template.metadata?.labels ?? {};
    const policies = cluster.policiesSelecting(labels);
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.flatMap((p) => p.spec?.ingress ?? [])).toEqual([]);
    const ports = policies.flatMap((p) => p.spec?.egress ?? []).flatMap((r) => (r.ports ?? []).map((port) => Number(port.port)));
    expect([...new Set(ports)].sort((a, b) => a - b)).toEqual([53, 5432, 9092]);
  });
});

describe('k8s/README.md', () => {
  it('documents every Secret and key the Deployments read', () => {
    const readme = readFileSync(join(K8S_DIR, 'README.md'), 'utf8');
    const refs = apps.flatMap((app) => k8sEnv(app).flatMap((e) => (e.secretRef ? [`${e.secretRef.name} ${e.secretRef.key}`] : [])));
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => ref.split(' ').some((word) => !readme.includes(`\`${word}\``)))).toEqual([]);
  });
});

describe('TLS to the database and the mail relay (DATABASE_SSL, SMTP_REQUIRE_TLS)', () => {
  const databaseApps = () => apps.filter((app) => k8sEnvMap(app).has('DATABASE_POOL_SIZE'));
  const production = () => overlayConfig(join(K8S_DIR, 'overlays', 'production'));

  it('is on in the production overlay: verify-full for every service with a database, required for the relay', () => {
    expect(databaseApps().length).toBe(SARGS_SERVICES.length);
    expect(databaseApps().map((app) => [app, production().get(`${app}-config`)?.DATABASE_SSL])).toEqual(databaseApps().map((app) => [app, 'verify-full']));
    expect(production().get('notifications-config')?.SMTP_REQUIRE_TLS).toBe('true');
  });

  it("names a CA file inside a volume the app's Deployment mounts", () => {
    const problems = databaseApps().flatMap((app) => {
      const file = production().get(`${app}-config`)?.DATABASE_SSL_CA_FILE ?? '';
      const mounts = cluster.deployment(app)?.spec?.template.spec?.containers[0].volumeMounts ?? [];
      return mounts.some((m) => file.startsWith(`${m.mountPath}/`)) ? [] : [`${app}: ${file || 'no DATABASE_SSL_CA_FILE'} is in no mounted volume`];
    });
    expect(problems).toEqual([]);
  });
});
