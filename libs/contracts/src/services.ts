/**
 * Every service behind the gateway, once: the gateway's upstreams, retention's privacy
 * participants, the local stack, the tests and the bench all read this list. A new service is
 * added here and nowhere else (its database, ports and environment follow).
 */
export interface ServiceEntry {
  /** The service's own HTTP port: its default PORT, and where the local stack runs it. */
  port: number;
  /** Its MANAGEMENT_PORT on the local stack (in a container every app uses 9464). */
  localManagementPort: number;
  /** Holds personal data, so it takes part in every erasure and export (docs/privacy-participant.md). */
  privacyParticipant: boolean;
  /** Holds an organisation's business data, isolated per tenant (docs/architecture.md, "Tenancy"). */
  tenantData: boolean;
}

export const SERVICE_REGISTRY = {
  identity: { port: 3101, localManagementPort: 9101, privacyParticipant: true, tenantData: false },
  profile: { port: 3102, localManagementPort: 9102, privacyParticipant: true, tenantData: false },
  consent: { port: 3103, localManagementPort: 9103, privacyParticipant: true, tenantData: false },
  notifications: { port: 3104, localManagementPort: 9104, privacyParticipant: true, tenantData: false },
  retention: { port: 3105, localManagementPort: 9105, privacyParticipant: true, tenantData: false },
  organizations: { port: 3106, localManagementPort: 9106, privacyParticipant: true, tenantData: true },
  contacts: { port: 3107, localManagementPort: 9107, privacyParticipant: true, tenantData: true },
} as const satisfies Record<string, ServiceEntry>;

export type ServiceName = keyof typeof SERVICE_REGISTRY;

/** The services in the registry's order (the order the local stack starts them in). */
export const SARGS_SERVICES = Object.keys(SERVICE_REGISTRY) as ServiceName[];

/** retention's default PRIVACY_PARTICIPANTS. */
export const PRIVACY_PARTICIPANT_SERVICES: readonly ServiceName[] = SARGS_SERVICES.filter((s) => SERVICE_REGISTRY[s].privacyParticipant);

/** The services that hold tenant data: the participants of a tenant's export, deletion and data-subject requests. */
export const TENANT_DATA_SERVICES: readonly ServiceName[] = SARGS_SERVICES.filter((s) => SERVICE_REGISTRY[s].tenantData);

export function isServiceName(name: string): name is ServiceName {
  return Object.prototype.hasOwnProperty.call(SERVICE_REGISTRY, name);
}
