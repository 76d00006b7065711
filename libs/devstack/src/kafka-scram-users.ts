import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { KafkaAccess } from '@sargs/platform/messaging';
import { javaCommand } from './kafka-distribution';
import type { KafkaBrokerOptions, KafkaSaslOptions } from './kafka-broker';

// The local broker's SCRAM users: formatted into its storage, or added to the running broker later.

/** The broker's own principal, on the controller listener and between brokers. */
export const KAFKA_BROKER_PRINCIPAL = 'sargs-broker';
export const SCRAM = 'SCRAM-SHA-512';
/** Names the SCRAM users formatted into (or added to) the log directory. */
const SCRAM_USERS_FILE = 'scram-users.json';

/** A tool's output without the passwords it may echo. */
export function redact(text: string | undefined, secrets: readonly string[]): string {
  return secrets.reduce((t, secret) => t.split(secret).join('***'), text ?? '');
}

export const saslSecrets = (sasl: KafkaSaslOptions | undefined): string[] => (sasl ? [...Object.values(sasl.users), sasl.brokerPassword] : []);

/** Written before the passwords go in: writeFileSync's mode applies only to a new file. */
export function writePrivateFile(file: string, text: string): void {
  if (existsSync(file)) chmodSync(file, 0o600);
  writeFileSync(file, text, { mode: 0o600 });
}

/** The SCRAM users the log directory has; undefined when it was formatted without SASL. */
export function readScramUsers(dataDir: string): string[] | undefined {
  const file = path.join(dataDir, SCRAM_USERS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : undefined;
}

export function writeScramUsers(dataDir: string, users: readonly string[]): void {
  writePrivateFile(path.join(dataDir, SCRAM_USERS_FILE), `${JSON.stringify([...new Set(users)].sort())}\n`);
}

/** A directory formatted without SASL has no list. */
export function forgetScramUsers(dataDir: string): void {
  rmSync(path.join(dataDir, SCRAM_USERS_FILE), { force: true });
}

export function scramArgs(sasl: KafkaSaslOptions): string[] {
  const users = { ...sasl.users, [KAFKA_BROKER_PRINCIPAL]: sasl.brokerPassword };
  return Object.entries(users).flatMap(([name, password]) => ['--add-scram', `${SCRAM}=[name=${name},password=${password}]`]);
}

/** A Kafka command-line tool (a JVM of its own: a second or two); its output, quoted when it fails, without `secrets`. */
async function runKafkaTool(libsDir: string, mainClass: string, args: readonly string[], secrets: readonly string[]): Promise<void> {
  await promisify(execFile)(javaCommand(), ['-cp', path.join(libsDir, '*'), mainClass, ...args], { timeout: 60_000 }).catch((err: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`${mainClass} failed (${redact(err.message, secrets)}):\n${redact(err.stdout, secrets)}\n${redact(err.stderr, secrets)}`);
  });
}

/** The SCRAM settings of a client tool logging in as `admin`. */
function adminClientProperties(admin: KafkaAccess): string {
  const { username, password } = admin.credentials as { username: string; password: string };
  return [
    'security.protocol=SASL_PLAINTEXT',
    `sasl.mechanism=${SCRAM}`,
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`,
    '',
  ].join('\n');
}

/**
 * Gives the running broker the SCRAM users added since the format (a new service), as the admin.
 * Passwords go through private files, not the command line, which any local user can read.
 */
export async function addScramUsers(o: KafkaBrokerOptions, sasl: KafkaSaslOptions, dataDir: string, admin: KafkaAccess): Promise<void> {
  const known = readScramUsers(dataDir) ?? [];
  const missing = Object.keys(sasl.users).filter((u) => !known.includes(u));
  if (missing.length === 0) return;
  o.log?.(`Adding Kafka SCRAM users ${missing.join(', ')}...`);
  const commandConfig = path.join(dataDir, 'admin-client.properties');
  const userConfig = path.join(dataDir, 'scram-user.properties');
  writePrivateFile(commandConfig, adminClientProperties(admin));
  try {
    for (const [i, name] of missing.entries()) {
      // Unlike --add-config, the file's value is taken without the [...] around it.
      writePrivateFile(userConfig, `${SCRAM}=password=${sasl.users[name]}\n`);
      const target = ['--alter', '--add-config-file', userConfig, '--entity-type', 'users', '--entity-name', name];
      await runKafkaTool(o.libsDir, 'kafka.admin.ConfigCommand', ['--bootstrap-server', admin.brokers[0], '--command-config', commandConfig, ...target], saslSecrets(sasl));
      // Recorded one by one: after a failure, the next start adds only those still missing.
      writeScramUsers(dataDir, [...known, ...missing.slice(0, i + 1)]);
    }
  } finally {
    rmSync(commandConfig, { force: true });
    rmSync(userConfig, { force: true });
  }
}
