import path from 'node:path';
import type { DevCertificate } from './dev-certificate';
import type { DevSecrets } from './dev-secrets';
import { backupDatabaseUrl } from './service-databases';

/** The services behind the gateway; each owns one database (docs/architecture.md). */
export const SARGS_SERVICES = ['identity', 'profile', 'consent', 'notifications', 'retention'] as const;
export type ServiceName = (typeof SARGS_SERVICES)[number];
export type AppName = 'gateway' | ServiceName;

export interface SargsApp {
  name: AppName;
  port: number;
  /** The gateway's plain-HTTP port that only redirects to HTTPS. */
  redirectPort?: number;
  /** MANAGEMENT_PORT: /healthz, /readyz and /metrics, apart from the app's own port. */
  managementPort: number;
  /** Built entry point (`npm run build`), relative to the repository root. */
  entry: string;
  /** What the local stack polls before it calls the app started (on the management port). */
  readyUrl: string;
}

const SERVICE_PORTS: Record<ServiceName, number> = { identity: 3101, profile: 3102, consent: 3103, notifications: 3104, retention: 3105 };
/** One management port per app on a shared host (in a container every app uses 9464). */
const MANAGEMENT_PORTS: Record<AppName, number> = { gateway: 9100, identity: 9101, profile: 9102, consent: 9103, notifications: 9104, retention: 9105 };

export const SARGS_APPS: readonly SargsApp[] = [
  ...SARGS_SERVICES.map((name) => ({
    name,
    port: SERVICE_PORTS[name],
    managementPort: MANAGEMENT_PORTS[name],
    entry: `dist/apps/${name}/src/main.js`,
    readyUrl: `http://127.0.0.1:${MANAGEMENT_PORTS[name]}/readyz`,
  })),
  {
    name: 'gateway',
    port: 8443,
    redirectPort: 8080,
    managementPort: MANAGEMENT_PORTS.gateway,
    entry: 'dist/apps/gateway/src/main.js',
    readyUrl: `http://127.0.0.1:${MANAGEMENT_PORTS.gateway}/readyz`,
  },
];

export function sargsApp(name: AppName): SargsApp {
  return SARGS_APPS.find((app) => app.name === name) as SargsApp;
}

/** The origin browsers use on the local stack: the gateway's HTTPS port on localhost. */
const publicOrigin = (): string => `https://localhost:${sargsApp('gateway').port}`;

export interface ServiceEnvInput {
  databaseUrl: string;
  kafkaBrokers: readonly string[];
  secrets: DevSecrets;
  smtpUrl: string;
  logLevel?: string;
  /**
   * identity's first staff account (SARGS_ADMIN_EMAIL / SARGS_ADMIN_PASSWORD), passed on when set,
   * e.g. from the local stack's own environment. Empty values are left out (identity refuses them).
   */
  admin?: { email?: string | undefined; password?: string | undefined };
  /** consent's POLICY_SEED_DIR; default: the repository's `policies/privacy`. */
  policySeedDir?: string;
  /** retention's BACKUP_DIR; default: the repository's `.data/backups`. */
  backupDir?: string;
}

/** The privacy policy versions in the repository: consent publishes the latest at its first start. */
export const POLICY_SEED_DIR = path.resolve(__dirname, '../../..', 'policies', 'privacy');

/** Where the local stack's backups go (retention's BACKUP_DIR), beside the rest of its data. */
export const LOCAL_BACKUP_DIR = path.resolve(__dirname, '../../..', '.data', 'backups');

/**
 * retention's BACKUP_DATABASES: every service database, each with the read-only `sargs_backup`
 * role (same server as retention's own database), never a service's credentials.
 */
function backupDatabases(retentionDatabaseUrl: string, password: string): string {
  return SARGS_SERVICES.map((service) => `${service}=${backupDatabaseUrl(retentionDatabaseUrl, service, password)}`).join(',');
}

/** Keeps only the entries with a non-empty value. */
const nonEmpty = (entries: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, string] => !!entry[1]));

/** One service's environment (its config schema: serviceConfigSchema in libs/platform/service). */
export function serviceEnv(service: ServiceName, input: ServiceEnvInput): Record<string, string> {
  return {
    PORT: String(SERVICE_PORTS[service]),
    MANAGEMENT_PORT: String(MANAGEMENT_PORTS[service]),
    LOG_LEVEL: input.logLevel ?? 'info',
    DATABASE_URL: input.databaseUrl,
    KAFKA_BROKERS: input.kafkaBrokers.join(','),
    INTERNAL_ASSERTION_PUBLIC_KEY: input.secrets.assertionPublicKey,
    PSEUDONYM_KEY: input.secrets.pseudonymKey,
    // Only notifications sends mail: through the relay, with links to the gateway's public origin.
    // It opens the tokens identity seals (identity's key) and signs the one-click unsubscribe
    // links consent verifies (consent's key).
    ...(service === 'notifications'
      ? {
          SMTP_URL: input.smtpUrl,
          PUBLIC_ORIGIN: publicOrigin(),
          SECRET_SEALING_KEY: input.secrets.secretSealingKey,
          UNSUBSCRIBE_TOKEN_KEY: input.secrets.unsubscribeTokenKey,
        }
      : {}),
    // identity seals mailed tokens (notifications opens them with the same key).
    ...(service === 'identity'
      ? {
          SECRET_SEALING_KEY: input.secrets.secretSealingKey,
          ...nonEmpty({ SARGS_ADMIN_EMAIL: input.admin?.email, SARGS_ADMIN_PASSWORD: input.admin?.password }),
        }
      : {}),
    // consent verifies one-click unsubscribe tokens (notifications signs them with the same key)
    // and publishes the repository's policy when it has none yet.
    ...(service === 'consent'
      ? { UNSUBSCRIBE_TOKEN_KEY: input.secrets.unsubscribeTokenKey, POLICY_SEED_DIR: input.policySeedDir ?? POLICY_SEED_DIR }
      : {}),
    // retention backs up every service database with the read-only backup role (R14).
    ...(service === 'retention'
      ? { BACKUP_DATABASES: backupDatabases(input.databaseUrl, input.secrets.backupDatabasePassword), BACKUP_DIR: input.backupDir ?? LOCAL_BACKUP_DIR }
      : {}),
  };
}

export interface GatewayEnvInput {
  certificate: DevCertificate;
  secrets: DevSecrets;
  logLevel?: string;
}

/** The gateway's environment: HTTPS with the dev certificate, every service on 127.0.0.1. */
export function gatewayEnv(input: GatewayEnvInput): Record<string, string> {
  const gateway = sargsApp('gateway');
  const serviceUrls = Object.fromEntries(SARGS_SERVICES.map((s) => [`${s.toUpperCase()}_URL`, `http://127.0.0.1:${SERVICE_PORTS[s]}`]));
  return {
    PORT: String(gateway.port),
    MANAGEMENT_PORT: String(gateway.managementPort),
    HTTP_REDIRECT_PORT: String(gateway.redirectPort),
    TLS_MODE: 'self',
    TLS_CERT_FILE: input.certificate.certFile,
    TLS_KEY_FILE: input.certificate.keyFile,
    PUBLIC_ORIGIN: publicOrigin(),
    LOG_LEVEL: input.logLevel ?? 'info',
    INTERNAL_ASSERTION_PRIVATE_KEY: input.secrets.assertionPrivateKey,
    ...serviceUrls,
  };
}
