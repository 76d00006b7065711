import path from 'node:path';
import { SARGS_SERVICES, SERVICE_REGISTRY, type ServiceName } from '@sargs/contracts';
import type { KafkaCredentials } from '@sargs/platform/messaging';
import type { DevCertificate } from './dev-certificate';
import type { BackupKeys } from './backup-keys';
import type { AppKeys } from './dev-secrets';
import { backupDatabaseUrl } from './service-databases';

export { SARGS_SERVICES, type ServiceName } from '@sargs/contracts';
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

/** Every app on the local stack's ports: the services from the registry, then the gateway. */
export const SARGS_APPS: readonly SargsApp[] = [
  ...SARGS_SERVICES.map((name) => ({
    name,
    port: SERVICE_REGISTRY[name].port,
    managementPort: SERVICE_REGISTRY[name].localManagementPort,
    entry: `dist/apps/${name}/src/main.js`,
    readyUrl: `http://127.0.0.1:${SERVICE_REGISTRY[name].localManagementPort}/readyz`,
  })),
  {
    name: 'gateway',
    port: 8443,
    redirectPort: 8080,
    managementPort: 9100,
    entry: 'dist/apps/gateway/src/main.js',
    readyUrl: 'http://127.0.0.1:9100/readyz',
  },
];

export function sargsApp(name: AppName): SargsApp {
  return SARGS_APPS.find((app) => app.name === name) as SargsApp;
}

/** The origin browsers use on the local stack: the gateway's HTTPS port on localhost. */
const publicOrigin = (): string => `https://localhost:${sargsApp('gateway').port}`;

export interface ServiceEnvInput {
  databaseUrl: string;
  kafkaBrokers: readonly string[] | string;
  /** The service's own Kafka principal (Infrastructure.kafkaCredentials); absent on a broker without authentication. */
  kafkaCredentials?: KafkaCredentials;
  /**
   * The keys (the local stack's DevSecrets, or a test stack's own); `backupDatabasePassword` for
   * the default backups, and retention's two backup keys whenever its backups are on.
   */
  secrets: AppKeys & { backupDatabasePassword?: string } & Partial<Pick<BackupKeys, 'backupEncryptionRecipient' | 'backupSigningKey'>>;
  smtpUrl: string;
  logLevel?: string;
  /** Where it listens; default: its registry port and local management port. */
  port?: number;
  managementPort?: number;
  /** The gateway's public origin, for links in mail; default: the local stack's. */
  publicOrigin?: string;
  /**
   * identity's first staff account (SARGS_ADMIN_EMAIL / SARGS_ADMIN_PASSWORD, and its authenticator
   * key SARGS_ADMIN_TOTP_SECRET), passed on when set,
   * e.g. from the local stack's own environment. Empty values are left out (identity refuses them).
   */
  admin?: { email?: string | undefined; password?: string | undefined; totpSecret?: string | undefined };
  /** consent's POLICY_SEED_DIR; default: the repository's `policies/privacy`. */
  policySeedDir?: string;
  /** organizations' DPA_SEED_DIR; default: the repository's `policies/dpa`. */
  dpaSeedDir?: string;
  /** retention's PRIVACY_PARTICIPANTS; default: the registry's participants. */
  participants?: readonly ServiceName[];
  /**
   * retention's backups: default, every registry database with the `sargs_backup` role on
   * retention's server into `.data/backups` (the local stack); or these databases and store; or off.
   */
  backups?: { databases: string; dir: string } | 'off';
}

/** The privacy policy versions in the repository: consent publishes the latest at its first start. */
export const POLICY_SEED_DIR = path.resolve(__dirname, '../../..', 'policies', 'privacy');

/** The data processing agreement versions in the repository: organizations publishes the latest at its first start. */
export const DPA_SEED_DIR = path.resolve(__dirname, '../../..', 'policies', 'dpa');

/** Where the local stack's backups go (retention's BACKUP_DIR), beside the rest of its data. */
export const LOCAL_BACKUP_DIR = path.resolve(__dirname, '../../..', '.data', 'backups');

/**
 * retention's BACKUP_DATABASES: every service database, each with the read-only `sargs_backup`
 * role (same server as retention's own database), never a service's credentials.
 */
function backupDatabases(retentionDatabaseUrl: string, password: string): string {
  return SARGS_SERVICES.map((service) => `${service}=${backupDatabaseUrl(retentionDatabaseUrl, service, password)}`).join(',');
}

function retentionBackups(input: ServiceEnvInput): Record<string, string> {
  if (input.backups === 'off') return { BACKUP_DATABASES: '', BACKUP_DIR: '' };
  const password = input.secrets.backupDatabasePassword;
  if (!input.backups && !password) throw new Error('retention\'s default backups need secrets.backupDatabasePassword (or pass backups)');
  // Encrypted to the recipient and signed; the identity and the public key are the restore tool's.
  const { backupEncryptionRecipient, backupSigningKey } = input.secrets;
  if (!backupEncryptionRecipient || !backupSigningKey) throw new Error("retention's backups need secrets.backupEncryptionRecipient and backupSigningKey (or backups: 'off')");
  const keys = { BACKUP_ENCRYPTION_RECIPIENT: backupEncryptionRecipient, BACKUP_SIGNING_KEY: backupSigningKey };
  if (input.backups) return { BACKUP_DATABASES: input.backups.databases, BACKUP_DIR: input.backups.dir, ...keys };
  return { BACKUP_DATABASES: backupDatabases(input.databaseUrl, password as string), BACKUP_DIR: LOCAL_BACKUP_DIR, ...keys };
}

/** Keeps only the entries with a non-empty value. */
const nonEmpty = (entries: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, string] => !!entry[1]));

/**
 * One service's environment (its config schema: serviceConfigSchema in libs/platform/service),
 * the one builder the local stack, the tests and the bench use.
 */
export function serviceEnv(service: ServiceName, input: ServiceEnvInput): Record<string, string> {
  return {
    PORT: String(input.port ?? SERVICE_REGISTRY[service].port),
    MANAGEMENT_PORT: String(input.managementPort ?? SERVICE_REGISTRY[service].localManagementPort),
    LOG_LEVEL: input.logLevel ?? 'info',
    DATABASE_URL: input.databaseUrl,
    KAFKA_BROKERS: typeof input.kafkaBrokers === 'string' ? input.kafkaBrokers : input.kafkaBrokers.join(','),
    ...(input.kafkaCredentials
      ? { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: input.kafkaCredentials.username, KAFKA_SASL_PASSWORD: input.kafkaCredentials.password }
      : {}),
    INTERNAL_ASSERTION_PUBLIC_KEY: input.secrets.assertionPublicKey,
    PSEUDONYM_KEY: input.secrets.pseudonymKey,
    // Only notifications sends mail: through the relay, with links to the gateway's public origin.
    // It opens the tokens identity seals (identity's key) and signs the one-click unsubscribe
    // links consent verifies (consent's key).
    ...(service === 'notifications'
      ? {
          SMTP_URL: input.smtpUrl,
          PUBLIC_ORIGIN: input.publicOrigin ?? publicOrigin(),
          SECRET_SEALING_KEY: input.secrets.secretSealingKey,
          UNSUBSCRIBE_TOKEN_KEY: input.secrets.unsubscribeTokenKey,
        }
      : {}),
    // identity seals mailed tokens (notifications opens them with the same key); passkeys are
    // bound to the public origin browsers use.
    ...(service === 'identity'
      ? {
          SECRET_SEALING_KEY: input.secrets.secretSealingKey,
          WEBAUTHN_ORIGIN: input.publicOrigin ?? publicOrigin(),
          ...nonEmpty({ SARGS_ADMIN_EMAIL: input.admin?.email, SARGS_ADMIN_PASSWORD: input.admin?.password, SARGS_ADMIN_TOTP_SECRET: input.admin?.totpSecret }),
        }
      : {}),
    // consent verifies one-click unsubscribe tokens (notifications signs them with the same key)
    // and publishes the repository's policy when it has none yet.
    ...(service === 'consent'
      ? { UNSUBSCRIBE_TOKEN_KEY: input.secrets.unsubscribeTokenKey, POLICY_SEED_DIR: input.policySeedDir ?? POLICY_SEED_DIR }
      : {}),
    // organizations seals invitation tokens for notifications (identity's key) and publishes the
    // repository's data processing agreement when it has none yet.
    ...(service === 'organizations' ? { SECRET_SEALING_KEY: input.secrets.secretSealingKey, DPA_SEED_DIR: input.dpaSeedDir ?? DPA_SEED_DIR } : {}),
    // retention waits for every participant and backs up every service database with the read-only backup role (R14);
    // it signs erasure certificates with a key of their own.
    ...(service === 'retention' ? { CERTIFICATE_SIGNING_KEY: input.secrets.certificateSigningKey, ...(input.participants ? { PRIVACY_PARTICIPANTS: input.participants.join(',') } : {}), ...retentionBackups(input) } : {}),
  };
}

export interface GatewayEnvInput {
  certificate: DevCertificate;
  secrets: Pick<AppKeys, 'assertionPrivateKey'>;
  logLevel?: string;
  /** Default: the local stack's ports (8443, redirect 8080, management 9100). */
  port?: number;
  redirectPort?: number;
  managementPort?: number;
  /** Default: https://localhost:<port>. */
  publicOrigin?: string;
  /** Each service's base URL; default: the registry's ports on 127.0.0.1. */
  serviceUrls?: Partial<Record<ServiceName, string>>;
  /** Where a service not in `serviceUrls` points (a port nothing listens on, for a stack without it). */
  missingServiceUrl?: string;
}

/** The gateway's environment: HTTPS with the given certificate, every service's URL. */
export function gatewayEnv(input: GatewayEnvInput): Record<string, string> {
  const gateway = sargsApp('gateway');
  const port = input.port ?? gateway.port;
  const urlOf = (s: ServiceName): string =>
    input.serviceUrls ? (input.serviceUrls[s] ?? input.missingServiceUrl ?? '') : `http://127.0.0.1:${SERVICE_REGISTRY[s].port}`;
  const serviceUrls = Object.fromEntries(SARGS_SERVICES.map((s) => [`${s.toUpperCase()}_URL`, urlOf(s)]));
  return {
    PORT: String(port),
    MANAGEMENT_PORT: String(input.managementPort ?? gateway.managementPort),
    HTTP_REDIRECT_PORT: String(input.redirectPort ?? gateway.redirectPort),
    TLS_MODE: 'self',
    TLS_CERT_FILE: input.certificate.certFile,
    TLS_KEY_FILE: input.certificate.keyFile,
    PUBLIC_ORIGIN: input.publicOrigin ?? `https://localhost:${port}`,
    LOG_LEVEL: input.logLevel ?? 'info',
    INTERNAL_ASSERTION_PRIVATE_KEY: input.secrets.assertionPrivateKey,
    ...serviceUrls,
  };
}
