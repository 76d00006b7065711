/**
 * Loading and reading the deployment descriptions (k8s/, docker-compose.yml) for
 * k8s/manifests.spec.ts. Nothing here asserts: the spec does.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler, type IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob, type ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Ingress, type IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy, type INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service, type IService } from 'kubernetes-models/v1/Service';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const K8S_DIR = join(REPO_ROOT, 'k8s');
export const COMPOSE_FILE = join(REPO_ROOT, 'docker-compose.yml');

export const rel = (file: string): string => relative(REPO_ROOT, file);

// ---- apps and their environment schemas -------------------------------------------------------

/** Every Nx application: a folder of apps/ with a project.json. */
export function listApps(): string[] {
  const appsDir = join(REPO_ROOT, 'apps');
  return readdirSync(appsDir)
    .filter((name) => existsSync(join(appsDir, name, 'project.json')))
    .sort();
}

export interface AppEnvSchema {
  /** The whole schema, as the app validates its environment at boot. */
  schema: z.ZodTypeAny;
  /** One field per variable (the object inside any refinements). */
  fields: Record<string, z.ZodTypeAny>;
  /** Variables without a default that may not be left out. */
  required: string[];
}

/** apps/<app>/src/config/app-config.ts's `appConfigSchema`, unwrapped to its fields. */
export async function loadAppEnvSchema(app: string): Promise<AppEnvSchema> {
  const file = join(REPO_ROOT, 'apps', app, 'src', 'config', 'app-config.ts');
  const mod = (await import(file)) as { appConfigSchema?: z.ZodTypeAny };
  if (!mod.appConfigSchema) throw new Error(`${rel(file)} exports no appConfigSchema`);
  let inner: z.ZodTypeAny = mod.appConfigSchema;
  while (inner instanceof z.ZodEffects) inner = inner.innerType();
  if (!(inner instanceof z.ZodObject)) throw new Error(`${rel(file)}: appConfigSchema is not a z.object`);
  const fields = inner.shape as Record<string, z.ZodTypeAny>;
  const required = Object.keys(fields).filter((name) => !fields[name].isOptional());
  return { schema: mod.appConfigSchema, fields, required };
}

/**
 * The ports an app listens on with this environment: PORT and any other `*_PORT` field (the
 * gateway's HTTP_REDIRECT_PORT), schema defaults for unset ones; 0 means "off".
 */
export function listeningPorts(schema: AppEnvSchema, env: ReadonlyMap<string, string | undefined>): Map<string, number> {
  const ports = new Map<string, number>();
  for (const [name, field] of Object.entries(schema.fields)) {
    if (!/(^|_)PORT$/.test(name)) continue;
    const port = Number(field.parse(env.get(name)));
    if (port !== 0) ports.set(name, port);
  }
  return ports;
}

/** Variables `<APP>_URL` that name another app: the apps this one calls over HTTP. */
export function calledApps(env: ReadonlyMap<string, unknown>, apps: readonly string[]): Map<string, string> {
  const callees = new Map<string, string>();
  for (const name of env.keys()) {
    const match = /^([A-Z0-9]+)_URL$/.exec(name);
    const callee = match?.[1].toLowerCase();
    if (callee && apps.includes(callee)) callees.set(callee, name);
  }
  return callees;
}

// ---- YAML -------------------------------------------------------------------------------------

export function listYamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listYamlFiles(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

export interface ParsedYaml {
  documents: unknown[];
  problems: string[];
}

/** All documents of a YAML file; `<<` merge keys resolved (compose uses them). */
export function parseYamlFile(file: string): ParsedYaml {
  const problems: string[] = [];
  const documents = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true, prettyErrors: true }).map(
    (doc, index) => {
      for (const issue of [...doc.errors, ...doc.warnings]) problems.push(`document ${index + 1}: ${issue.message}`);
      const value: unknown = doc.toJS({ maxAliasCount: 1000 });
      if (value === null || value === undefined) problems.push(`document ${index + 1} is empty`);
      return value;
    },
  );
  return { documents, problems };
}

// ---- Kubernetes objects -----------------------------------------------------------------------

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
}

export interface LoadedObject {
  file: string;
  object: K8sObject;
}

type Validator = new (data: never) => { validate(): void };

/** A validator for a custom resource, which kubernetes-models has no class for: a strict zod schema. */
function customResource(schema: z.ZodTypeAny): Validator {
  return class {
    constructor(private readonly data: unknown) {}
    validate(): void {
      schema.parse(this.data);
    }
  } as unknown as Validator;
}

/** metadata of a Strimzi resource: a DNS subdomain name and the cluster it belongs to (no namespace: kustomize's). */
const strimziMetadata = z
  .object({
    name: z
      .string()
      .max(253)
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS subdomain name'),
    labels: z.record(z.string()).refine((labels) => Boolean(labels['strimzi.io/cluster']), 'needs the label strimzi.io/cluster'),
  })
  .strict();

/** The fields of Strimzi's KafkaTopic (kafka.strimzi.io/v1beta2) that k8s/kafka uses. */
const kafkaTopicSchema = z
  .object({
    apiVersion: z.literal('kafka.strimzi.io/v1beta2'),
    kind: z.literal('KafkaTopic'),
    metadata: strimziMetadata,
    spec: z
      .object({
        topicName: z.string().optional(),
        partitions: z.number().int().positive(),
        replicas: z.number().int().positive(),
        config: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
      })
      .strict(),
  })
  .strict();

/** Strimzi's AclRule: one resource, its operations, from a host. */
const strimziAclRule = z
  .object({
    resource: z.union([
      z.object({ type: z.enum(['topic', 'group', 'transactionalId']), name: z.string().min(1), patternType: z.enum(['literal', 'prefix']).optional() }).strict(),
      z.object({ type: z.literal('cluster') }).strict(),
    ]),
    operations: z
      .array(z.enum(['Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'ClusterAction', 'AlterConfigs', 'DescribeConfigs', 'IdempotentWrite', 'All']))
      .min(1),
    host: z.string().optional(),
    type: z.enum(['allow', 'deny']).optional(),
  })
  .strict();

/** The fields of Strimzi's KafkaUser (kafka.strimzi.io/v1beta2) that k8s/kafka uses. */
const kafkaUserSchema = z
  .object({
    apiVersion: z.literal('kafka.strimzi.io/v1beta2'),
    kind: z.literal('KafkaUser'),
    metadata: strimziMetadata,
    spec: z
      .object({
        authentication: z.object({ type: z.enum(['scram-sha-512', 'tls', 'tls-external']) }).strict(),
        authorization: z.object({ type: z.literal('simple'), acls: z.array(strimziAclRule) }).strict(),
      })
      .strict(),
  })
  .strict();

/** The schema for each kind we deploy. A kind missing here fails the test: add it, don't skip it. */
export const VALIDATORS: Record<string, Validator> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'batch/v1/CronJob': CronJob,
  // Strimzi's custom resources (k8s/kafka, applied only where Strimzi runs).
  'kafka.strimzi.io/v1beta2/KafkaTopic': customResource(kafkaTopicSchema),
  'kafka.strimzi.io/v1beta2/KafkaUser': customResource(kafkaUserSchema),
};

export const validatorKey = (object: K8sObject): string => `${object.apiVersion}/${object.kind}`;

export const isKustomization = (file: string): boolean => /(^|\/)kustomization\.ya?ml$/.test(file);

/**
 * Every document of every manifest under k8s/ (kustomization files are not objects), and the
 * ConfigMaps the base's kustomizations generate (configMapGenerator; `file` is the generator's
 * first env file, else its kustomization). Overlays' generators only merge: see overlayConfig.
 */
export function loadK8sObjects(): LoadedObject[] {
  const manifests = listYamlFiles(K8S_DIR)
    .filter((file) => !isKustomization(file))
    .flatMap((file) => parseYamlFile(file).documents.map((object) => ({ file, object: object as K8sObject })));
  const generated = listYamlFiles(join(K8S_DIR, 'base'))
    .filter(isKustomization)
    .flatMap((file) => generatedConfigMaps(dirname(file)));
  return [...manifests, ...generated];
}

/** `KEY=value` lines of a kustomize env file (`#` comments and blank lines skipped). */
export function parseEnvFile(file: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`${rel(file)}: "${line}" is not KEY=value`);
    data[line.slice(0, equals).trim()] = line.slice(equals + 1);
  }
  return data;
}

/** The data one configMapGenerator entry gives: its env files, then its literals. */
export function generatorData(dir: string, generator: ConfigMapGenerator): Record<string, string> {
  const data: Record<string, string> = {};
  for (const envFile of generator.envs) Object.assign(data, parseEnvFile(resolve(dir, envFile)));
  for (const literal of generator.literals) {
    const equals = literal.indexOf('=');
    data[literal.slice(0, equals)] = literal.slice(equals + 1);
  }
  return data;
}

/** The ConfigMaps a kustomization folder generates (behavior create), as Kubernetes objects. */
export function generatedConfigMaps(dir: string): LoadedObject[] {
  return readKustomization(dir)
    .configMapGenerator.filter((g) => g.behavior === 'create')
    .map((generator) => ({
      file: generator.envs.length > 0 ? resolve(dir, generator.envs[0]) : join(dir, 'kustomization.yaml'),
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: generator.name, ...(generator.options?.labels ? { labels: generator.options.labels } : {}) },
        data: generatorData(dir, generator),
      } as K8sObject,
    }));
}

/** What an overlay's configMapGenerator entries (behavior merge) change, per ConfigMap. */
export function overlayConfig(overlayDir: string): Map<string, Record<string, string>> {
  return new Map(readKustomization(overlayDir).configMapGenerator.map((g) => [g.name, generatorData(overlayDir, g)]));
}

export class Cluster {
  constructor(readonly objects: readonly LoadedObject[]) {}

  private ofKind<T>(guard: (value: unknown) => value is T): T[] {
    return this.objects.map((o): unknown => o.object).filter(guard);
  }

  get deployments(): IDeployment[] {
    return this.ofKind(Deployment.is);
  }
  get services(): IService[] {
    return this.ofKind(Service.is);
  }
  get configMaps(): IConfigMap[] {
    return this.ofKind(ConfigMap.is);
  }
  get networkPolicies(): INetworkPolicy[] {
    return this.ofKind(NetworkPolicy.is);
  }
  get ingresses(): IIngress[] {
    return this.ofKind(Ingress.is);
  }
  get autoscalers(): IHorizontalPodAutoscaler[] {
    return this.ofKind(HorizontalPodAutoscaler.is);
  }
  get disruptionBudgets(): IPodDisruptionBudget[] {
    return this.ofKind(PodDisruptionBudget.is);
  }
  get cronJobs(): ICronJob[] {
    return this.ofKind(CronJob.is);
  }

  deployment(name: string): IDeployment | undefined {
    return this.deployments.find((d) => d.metadata?.name === name);
  }
  service(name: string): IService | undefined {
    return this.services.find((s) => s.metadata?.name === name);
  }
  configMap(name: string): IConfigMap | undefined {
    return this.configMaps.find((c) => c.metadata?.name === name);
  }

  /** The pod labels of the Deployment that runs `app`. */
  podLabels(app: string): Record<string, string> {
    return this.deployment(app)?.spec?.template.metadata?.labels ?? {};
  }

  /** NetworkPolicies that name pods by label (not the namespace-wide default deny) and select `labels`. */
  policiesSelecting(labels: Record<string, string>): INetworkPolicy[] {
    return this.networkPolicies.filter((policy) => {
      const selector = policy.spec?.podSelector.matchLabels ?? {};
      return Object.keys(selector).length > 0 && matches(selector, labels);
    });
  }

  /** Which app's pods a label selector picks, if any. */
  appSelectedBy(selector: Record<string, string> | undefined, apps: readonly string[]): string | undefined {
    if (!selector || Object.keys(selector).length === 0) return undefined;
    return apps.find((app) => matches(selector, this.podLabels(app)));
  }
}

export function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** The container of a Deployment that runs the app: the one named like it. */
export function appContainer(deployment: IDeployment, app: string): IContainer | undefined {
  return deployment.spec?.template.spec?.containers.find((c) => c.name === app);
}

/** A port given by number or by the container port's name, as a number. */
export function containerPortNumber(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

export interface EnvEntry {
  name: string;
  /** The literal value, when the manifest holds one (not for Secrets). */
  value?: string;
  source: string;
  secretRef?: { name: string; key: string };
}

/** A container's environment as Kubernetes builds it: ConfigMaps of envFrom, then env. */
export function containerEnv(container: IContainer, cluster: Cluster): EnvEntry[] {
  const entries: EnvEntry[] = [];
  for (const from of container.envFrom ?? []) {
    if (from.secretRef) {
      throw new Error(`envFrom secretRef ${from.secretRef.name}: use env[].valueFrom.secretKeyRef per key, so names can be checked`);
    }
    const name = from.configMapRef?.name;
    if (!name) throw new Error('envFrom without configMapRef');
    const configMap = cluster.configMap(name);
    if (!configMap) throw new Error(`envFrom names ConfigMap ${name}, which no manifest defines`);
    for (const [key, value] of Object.entries(configMap.data ?? {})) {
      entries.push({ name: `${from.prefix ?? ''}${key}`, value, source: `ConfigMap ${name}` });
    }
  }
  for (const env of container.env ?? []) {
    const secret = env.valueFrom?.secretKeyRef;
    const configMapKey = env.valueFrom?.configMapKeyRef;
    if (secret) {
      entries.push({ name: env.name, source: `Secret ${secret.name}`, secretRef: { name: secret.name ?? '', key: secret.key } });
    } else if (configMapKey) {
      const value = cluster.configMap(configMapKey.name ?? '')?.data?.[configMapKey.key];
      entries.push({ name: env.name, value, source: `ConfigMap ${configMapKey.name}` });
    } else {
      entries.push({ name: env.name, value: env.value, source: 'env' });
    }
  }
  return entries;
}

// ---- kustomize --------------------------------------------------------------------------------

const configMapGeneratorSchema = z
  .object({
    name: z.string(),
    behavior: z.enum(['create', 'merge', 'replace']).default('create'),
    envs: z.array(z.string()).default([]),
    literals: z.array(z.string().regex(/^[A-Z0-9_]+=/)).default([]),
    // No disableNameSuffixHash: the hash in the name is what rolls the pods on a change.
    options: z.object({ labels: z.record(z.string()).optional() }).strict().optional(),
  })
  .strict();

export type ConfigMapGenerator = z.infer<typeof configMapGeneratorSchema>;

/** The fields our kustomizations use; strict, so a misspelt field fails instead of being ignored. */
export const kustomizationSchema = z
  .object({
    apiVersion: z.literal('kustomize.config.k8s.io/v1beta1'),
    kind: z.literal('Kustomization'),
    namespace: z.string().optional(),
    resources: z.array(z.string()).default([]),
    images: z
      .array(z.object({ name: z.string(), newName: z.string().optional(), newTag: z.string().optional() }).strict())
      .default([]),
    replicas: z.array(z.object({ name: z.string(), count: z.number().int().min(0) }).strict()).default([]),
    configMapGenerator: z.array(configMapGeneratorSchema).default([]),
  })
  .strict();

export type Kustomization = z.infer<typeof kustomizationSchema>;

export function readKustomization(dir: string): Kustomization {
  const { documents } = parseYamlFile(join(dir, 'kustomization.yaml'));
  return kustomizationSchema.parse(documents[0]);
}

/** A kustomization's resources (a file, or a folder with a kustomization.yaml) and generator env files that do not exist. */
export function missingResources(kustomizationFile: string): string[] {
  const dir = dirname(kustomizationFile);
  const kustomization = readKustomization(dir);
  const missing = kustomization.resources.filter((resource) => {
    const path = resolve(dir, resource);
    if (!existsSync(path)) return true;
    return statSync(path).isDirectory() && !existsSync(join(path, 'kustomization.yaml'));
  });
  const envFiles = kustomization.configMapGenerator.flatMap((g) => g.envs);
  return [...missing, ...envFiles.filter((file) => !existsSync(resolve(dir, file)))];
}

/** Every manifest file a kustomization folder applies, following folders recursively. */
export function reachableManifests(dir: string): string[] {
  return readKustomization(dir).resources.flatMap((resource) => {
    const path = resolve(dir, resource);
    return statSync(path).isDirectory() ? reachableManifests(path) : [path];
  });
}

// ---- docker compose ---------------------------------------------------------------------------

const duration = z.string().regex(/^\d+(ms|s|m|h)$/);

/** The compose fields this project uses; strict, so a misspelt key fails instead of being ignored. */
const composeServiceSchema = z
  .object({
    image: z.string().optional(),
    build: z
      .object({ context: z.string(), dockerfile: z.string().optional(), target: z.string().optional(), args: z.record(z.string()).optional() })
      .strict()
      .optional(),
    command: z.union([z.string(), z.array(z.string())]).optional(),
    // The map form only, so each name appears once (YAML rejects duplicate keys).
    environment: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
    ports: z.array(z.string()).optional(),
    volumes: z.array(z.string()).optional(),
    tmpfs: z.array(z.string()).optional(),
    healthcheck: z
      .object({
        test: z.array(z.string()).min(2),
        interval: duration.optional(),
        timeout: duration.optional(),
        retries: z.number().int().positive().optional(),
        start_period: duration.optional(),
      })
      .strict()
      .optional(),
    depends_on: z
      .record(z.object({ condition: z.enum(['service_started', 'service_healthy', 'service_completed_successfully']) }).strict())
      .optional(),
    restart: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).optional(),
    read_only: z.boolean().optional(),
    cap_drop: z.array(z.string()).optional(),
    security_opt: z.array(z.string()).optional(),
    stop_grace_period: duration.optional(),
  })
  .strict();

export type ComposeService = z.infer<typeof composeServiceSchema>;

const composeFileSchema = z
  .object({
    name: z.string().optional(),
    services: z.record(composeServiceSchema),
    volumes: z.record(z.null()).optional(),
  })
  .strict();

export type ComposeFile = z.infer<typeof composeFileSchema>;

/** docker-compose.yml, validated; top-level `x-*` extension fields (anchors) are set aside. */
export function loadCompose(): ComposeFile {
  const [document] = parseYamlFile(COMPOSE_FILE).documents as [Record<string, unknown>];
  const withoutExtensions = Object.fromEntries(Object.entries(document).filter(([key]) => !key.startsWith('x-')));
  return composeFileSchema.parse(withoutExtensions);
}

/** A compose service's environment as name → value (values that interpolate ${...} included). */
export function composeEnv(service: ComposeService): Map<string, string> {
  return new Map(Object.entries(service.environment ?? {}).map(([name, value]) => [name, String(value)]));
}

/** The container side of each published port ("127.0.0.1:8443:8443" → 8443). */
export function composeContainerPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((mapping) => Number(mapping.split('/')[0].split(':').pop()));
}

/** The URL a health check fetches: our checks pass it as the last argument of `node -e`. */
export function composeHealthcheckUrl(service: ComposeService): URL | undefined {
  const last = service.healthcheck?.test.at(-1);
  return last && /^https?:\/\//.test(last) ? new URL(last) : undefined;
}

/** Whether a value is resolved by compose from .env (so only its shape around ${...} is known). */
export const isInterpolated = (value: string): boolean => value.includes('${');
