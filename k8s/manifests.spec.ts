/**
 * Static checks of the deployment descriptions: k8s/ (kustomize) and docker-compose.yml. No
 * Docker or cluster runs here, so this is what stands between a renamed variable or port and a
 * pod that crash-loops. The apps' own environment schemas (appConfigSchema) are the reference.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  isInterpolated,
  isKustomization,
  K8S_DIR,
  listApps,
  listeningPorts,
  listYamlFiles,
  loadAppEnvSchema,
  loadCompose,
  loadK8sObjects,
  missingResources,
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
/** Literal values the app would refuse at boot, as "NAME: message". */
const rejectedValues = (values: Iterable<[string, string | undefined]>, schema: AppEnvSchema) =>
  [...values].flatMap(([name, value]) => {
    if (value === undefined || isInterpolated(value) || !(name in schema.fields)) return [];
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

    it(`takes secrets from ${app}-secrets, under the variable's own name`, () => {
      const refs = k8sEnv(app).flatMap((e) => (e.secretRef ? [{ env: e.name, ...e.secretRef }] : []));
      expect(refs).toEqual(refs.map((r) => ({ env: r.env, name: `${app}-secrets`, key: r.env })));
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

  it('listens on the port that container, probes, Service and metrics annotation name', async () => {
    const { deployment, container } = containerOf(app);
    const ports = listeningPorts(await schemaOf(app), k8sEnvMap(app));
    const port = ports.get('PORT');
    const listening = [...ports.values()];
    const probe = (name: 'livenessProbe' | 'readinessProbe' | 'startupProbe') =>
      container[name] && containerPortNumber(container, container[name]?.httpGet?.port);

    expect(duplicates(listening)).toEqual([]);
    expect((container.ports ?? []).map((p) => p.containerPort).sort()).toEqual(listening.sort());
    expect({ liveness: probe('livenessProbe'), readiness: probe('readinessProbe') }).toEqual({ liveness: port, readiness: port });
    if (container.startupProbe) expect(probe('startupProbe')).toBe(port);
    const targetPorts = (cluster.service(app)?.spec?.ports ?? []).map((p) => containerPortNumber(container, p.targetPort ?? p.port));
    expect(targetPorts).toContain(port);
    expect(targetPorts.filter((p) => p === undefined || !listening.includes(p))).toEqual([]);
    const metricsPort = deployment.spec?.template.metadata?.annotations?.['prometheus.io/port'];
    if (metricsPort !== undefined) expect(Number(metricsPort)).toBe(port);
  });

  it('listens in compose on the port that the health check and published ports name', async () => {
    const service = compose().services[app];
    const ports = listeningPorts(await schemaOf(app), composeEnvOf(app));
    const listening = [...ports.values()];
    expect(duplicates(listening)).toEqual([]);
    expect(Number(composeHealthcheckUrl(service)?.port)).toBe(ports.get('PORT'));
    expect(composeContainerPorts(service).filter((p) => !listening.includes(p))).toEqual([]);
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

  describe.each(apps)('%s', (app) => {
    const policies = () => cluster.policiesSelecting(cluster.podLabels(app));

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
    expect({ port, allowed: egress.some((r) => !r.to?.length && rulePorts(r, app).includes(port)) }).toEqual({ port, allowed: true });
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

describe('k8s/README.md', () => {
  it('documents every Secret and key the Deployments read', () => {
    const readme = readFileSync(join(K8S_DIR, 'README.md'), 'utf8');
    const refs = apps.flatMap((app) => k8sEnv(app).flatMap((e) => (e.secretRef ? [`${e.secretRef.name} ${e.secretRef.key}`] : [])));
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => ref.split(' ').some((word) => !readme.includes(`\`${word}\``)))).toEqual([]);
  });
});
