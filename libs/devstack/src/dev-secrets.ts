import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SARGS_SERVICES, type ServiceName } from '@sargs/contracts';
import { generateBackupKeys, type BackupKeys } from './backup-keys';

/**
 * The local stack's secrets: made on the first start, then reused so sessions and data survive
 * restarts. The backup keys (BackupKeys) sit here beside `.data/backups` only because this is a
 * development machine; in production the identity and signing key stay off the backup volume.
 */
export interface DevSecrets extends BackupKeys {
  /** Ed25519, base64 PKCS#8 DER: the gateway signs internal assertions with it. */
  assertionPrivateKey: string;
  /** Ed25519, base64 SPKI DER: services verify the gateway's assertions with it. */
  assertionPublicKey: string;
  /** 32 random bytes, base64: HMAC key for values kept pseudonymised after erasure. */
  pseudonymKey: string;
  /**
   * 32 random bytes, base64: AES-256-GCM key with which identity seals mailed tokens into events
   * (notifications opens them with the same key).
   */
  secretSealingKey: string;
  /**
   * 32 random bytes, base64: HMAC key of the one-click unsubscribe tokens; consent verifies them
   * (notifications signs them into marketing mail with the same key).
   */
  unsubscribeTokenKey: string;
  /** Ed25519, base64 PKCS#8 DER: retention signs erasure certificates with it (its own key, published). */
  certificateSigningKey: string;
  /** Each service's database password. */
  databasePasswords: Record<ServiceName, string>;
  /** The password of `sargs_backup`, the read-only role retention's backups use on every service database. */
  backupDatabasePassword: string;
  /** Each service's Kafka principal's password (SCRAM-SHA-512, user `sargs-<service>`). */
  kafkaPasswords: Record<ServiceName, string>;
  /** The Kafka admin principal's (`sargs-admin`): provisions topics and ACLs, moves offsets for tools. */
  kafkaAdminPassword: string;
  /** The broker's own principal's (`sargs-broker`, its controller and inter-broker listeners). */
  kafkaBrokerPassword: string;
}

/** The keys the apps are given (everything but database and Kafka credentials). */
export type AppKeys = Pick<DevSecrets, 'assertionPrivateKey' | 'assertionPublicKey' | 'pseudonymKey' | 'secretSealingKey' | 'unsubscribeTokenKey' | 'certificateSigningKey'>;

const password = (): string => randomBytes(24).toString('base64url');

const key32 = (): string => randomBytes(32).toString('base64');

const ed25519PrivateKey = (): string => generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');

/** A fresh set of keys (a test stack's own, or the local stack's first start). */
export function generateAppKeys(): AppKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    assertionPrivateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    assertionPublicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    pseudonymKey: key32(),
    secretSealingKey: key32(),
    unsubscribeTokenKey: key32(),
    certificateSigningKey: ed25519PrivateKey(),
  };
}

/** Reads the secrets file, completing it (a service or key added since) or creating it (mode 0600). */
export function ensureDevSecrets(file: string): DevSecrets {
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  const keys = stored.assertionPrivateKey && stored.assertionPublicKey && stored.pseudonymKey ? stored : generateAppKeys();
  const databasePasswords = { ...stored.databasePasswords } as Record<ServiceName, string>;
  const kafkaPasswords = { ...stored.kafkaPasswords } as Record<ServiceName, string>;
  for (const service of SARGS_SERVICES) {
    databasePasswords[service] ??= password();
    kafkaPasswords[service] ??= password();
  }
  const secrets: DevSecrets = {
    assertionPrivateKey: keys.assertionPrivateKey as string,
    assertionPublicKey: keys.assertionPublicKey as string,
    pseudonymKey: keys.pseudonymKey as string,
    // Added after the first files were written: made on its own, leaving the other keys as they are.
    secretSealingKey: stored.secretSealingKey ?? key32(),
    unsubscribeTokenKey: stored.unsubscribeTokenKey ?? key32(),
    certificateSigningKey: stored.certificateSigningKey ?? ed25519PrivateKey(),
    databasePasswords,
    backupDatabasePassword: stored.backupDatabasePassword ?? password(),
    kafkaPasswords,
    kafkaAdminPassword: stored.kafkaAdminPassword ?? password(),
    kafkaBrokerPassword: stored.kafkaBrokerPassword ?? password(),
    // The four backup keys belong together: made as a set when any is missing.
    ...(stored.backupEncryptionRecipient && stored.backupDecryptionIdentity && stored.backupSigningKey && stored.backupSigningPublicKey
      ? {
          backupEncryptionRecipient: stored.backupEncryptionRecipient,
          backupDecryptionIdentity: stored.backupDecryptionIdentity,
          backupSigningKey: stored.backupSigningKey,
          backupSigningPublicKey: stored.backupSigningPublicKey,
        }
      : generateBackupKeys()),
  };
  if (JSON.stringify(secrets) !== JSON.stringify(stored)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
  return secrets;
}
