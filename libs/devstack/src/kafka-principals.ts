import { SARGS_SERVICES, type ServiceName } from '@sargs/contracts';
import { servicePrincipal, type KafkaAccess, type KafkaCredentials } from '@sargs/platform/messaging';
import type { DevSecrets } from './dev-secrets';
import type { KafkaBrokerOptions } from './kafka-broker';

/** The principal that provisions topics and ACLs and moves offsets for tools; never an app's. */
export const KAFKA_ADMIN_PRINCIPAL = 'sargs-admin';

type KafkaSecrets = Pick<DevSecrets, 'kafkaPasswords' | 'kafkaAdminPassword' | 'kafkaBrokerPassword'>;

/** A service's own credentials. */
export function serviceKafkaCredentials(secrets: KafkaSecrets, service: ServiceName): KafkaCredentials {
  return { username: servicePrincipal(service), password: secrets.kafkaPasswords[service] };
}

export function adminKafkaCredentials(secrets: KafkaSecrets): KafkaCredentials {
  return { username: KAFKA_ADMIN_PRINCIPAL, password: secrets.kafkaAdminPassword };
}

/** The admin's access to `brokers`. */
export function adminKafkaAccess(secrets: KafkaSecrets, brokers: readonly string[]): KafkaAccess {
  return { brokers, credentials: adminKafkaCredentials(secrets) };
}

/** The broker's SCRAM users (admin and every service) and super user, from the secrets. */
export function brokerSasl(secrets: KafkaSecrets): NonNullable<KafkaBrokerOptions['sasl']> {
  const users: Record<string, string> = { [KAFKA_ADMIN_PRINCIPAL]: secrets.kafkaAdminPassword };
  for (const service of SARGS_SERVICES) users[servicePrincipal(service)] = secrets.kafkaPasswords[service];
  return { users, superUsers: [KAFKA_ADMIN_PRINCIPAL], brokerPassword: secrets.kafkaBrokerPassword };
}
