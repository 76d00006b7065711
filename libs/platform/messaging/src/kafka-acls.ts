import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry, type Admin } from 'kafkajs';
import { deadLetterTopic, RESTORE_REPLAY_TOPICS, SARGS_SERVICES, TOPIC_SPECS, TOPIC_SUBSCRIPTIONS, type ServiceName } from '@sargs/contracts';
import { consumerGroupOf } from './dead-letter-publisher';

/** A service's Kafka principal (its SCRAM user name): `sargs-<service>`, like its consumer group. */
export const servicePrincipal = (service: ServiceName): string => `sargs-${service}`;

/** What one principal may do on the bus (docs/messaging.md, "Principals and ACLs"). */
export interface PrincipalGrants {
  principal: string;
  /** A service: the topics it owns, and the dead-letter topics of what it consumes. */
  write: string[];
  /** A service: what it consumes (TOPIC_SUBSCRIPTIONS). */
  read: string[];
  /** A service: its own consumer group. */
  groups: string[];
}

export interface ServiceGrants extends PrincipalGrants {
  service: ServiceName;
}

/**
 * The restore tool's principal (tools/backup/restore.ts): after a database restore it moves each
 * service's stopped consumer group back on the ledgers it replays (RESTORE_REPLAY_TOPICS: the
 * erasure ledger, R14; identity's ledger; the audit topics) and reads where they end. Nothing
 * else: no writes.
 */
export const RESTORE_PRINCIPAL = 'sargs-restore';

export function restoreGrants(): PrincipalGrants {
  const read = [...new Set(SARGS_SERVICES.flatMap((service) => RESTORE_REPLAY_TOPICS[service]))];
  return { principal: RESTORE_PRINCIPAL, write: [], read, groups: SARGS_SERVICES.map(consumerGroupOf) };
}

/** Every principal an installation has besides its admin: the services', then the restore tool's. */
export function allPrincipalGrants(): PrincipalGrants[] {
  return [...SARGS_SERVICES.map(serviceGrants), restoreGrants()];
}

/** Derived from the contracts: the writer of each topic and each service's subscriptions. */
export function serviceGrants(service: ServiceName): ServiceGrants {
  const subscriptions = TOPIC_SUBSCRIPTIONS[service];
  return {
    service,
    principal: servicePrincipal(service),
    write: [...TOPIC_SPECS.filter((spec) => spec.writer === service).map((spec) => spec.name as string), ...subscriptions.map(deadLetterTopic)],
    read: [...subscriptions],
    groups: [consumerGroupOf(service)],
  };
}

const allow = (principal: string, resourceType: AclResourceTypes, resourceName: string, operation: AclOperationTypes): AclEntry => ({
  principal: `User:${principal}`,
  host: '*',
  resourceType,
  resourceName,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  operation,
  permissionType: AclPermissionTypes.ALLOW,
});

/** The literal ALLOW bindings of the grants: WRITE and READ on topics, READ on the groups. */
export function aclEntries(grants: PrincipalGrants): AclEntry[] {
  return [
    ...grants.write.map((topic) => allow(grants.principal, AclResourceTypes.TOPIC, topic, AclOperationTypes.WRITE)),
    ...grants.read.map((topic) => allow(grants.principal, AclResourceTypes.TOPIC, topic, AclOperationTypes.READ)),
    ...grants.groups.map((group) => allow(grants.principal, AclResourceTypes.GROUP, group, AclOperationTypes.READ)),
  ];
}

const bindingKey = (e: AclEntry): string => [e.principal, e.host, e.resourceType, e.resourceName, e.resourcePatternType, e.operation, e.permissionType].join('|');

/**
 * Brings each principal's ACLs (allPrincipalGrants) to what the contracts say: adds the missing
 * bindings and deletes any other binding of that principal (a right granted by hand, or one a
 * removed subscription left), so the broker's ACLs are the code's. Needs an admin principal
 * (ALTER on the cluster).
 */
export async function applyAcls(admin: Admin, grantsList: readonly PrincipalGrants[] = allPrincipalGrants()): Promise<{ created: number; deleted: number }> {
  let created = 0;
  let deleted = 0;
  for (const grants of grantsList) {
    const wanted = aclEntries(grants);
    const principal = `User:${grants.principal}`;
    const { resources } = await admin.describeAcls({
      principal,
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    const existing = resources.flatMap((r) => r.acls.map((acl): AclEntry => ({ ...acl, resourceType: r.resourceType, resourceName: r.resourceName, resourcePatternType: r.resourcePatternType })));
    const have = new Set(existing.map(bindingKey));
    const want = new Set(wanted.map(bindingKey));
    const missing = wanted.filter((e) => !have.has(bindingKey(e)));
    const extra = existing.filter((e) => !want.has(bindingKey(e)));
    if (missing.length > 0) await admin.createAcls({ acl: missing });
    if (extra.length > 0) await admin.deleteAcls({ filters: extra });
    created += missing.length;
    deleted += extra.length;
  }
  return { created, deleted };
}
