import { PRIVACY_PARTICIPANT_SERVICES, SERVICE_REGISTRY, TENANT_DATA_SERVICES } from '@sargs/contracts';
import { z } from 'zod';
import { serviceConfigSchema } from '@sargs/platform/service';
import { BACKUPS_CONFIG } from '../backups/backups.config';
import { DATA_SUBJECT_REQUESTS_CONFIG } from '../data-subject-requests/data-subject-requests.config';
import { ERASURE_CONFIG } from '../erasure/erasure.config';
import { EXPORTS_CONFIG } from '../exports/exports.config';
import { PRIVACY_REQUESTS_CONFIG } from '../privacy-requests/privacy-requests.config';

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,49}$/u;

/** Every service that holds personal data: each must answer an erasure and an export. */
const envParticipants = z
  .string()
  .default(PRIVACY_PARTICIPANT_SERVICES.join(','))
  .transform((v) => [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))])
  .refine((list) => list.length > 0 && list.every((s) => SERVICE_NAME.test(s)), 'must be a comma-separated list of service names');

export const appConfigSchema = serviceConfigSchema(SERVICE_REGISTRY.retention.port).extend({
  /**
   * The services that hold personal data and take part in erasure and export. Configuration, so a
   * new service cannot be forgotten silently: a case waits for every one named here.
   */
  PRIVACY_PARTICIPANTS: envParticipants,
  ...ERASURE_CONFIG,
  ...EXPORTS_CONFIG,
  ...PRIVACY_REQUESTS_CONFIG,
  ...DATA_SUBJECT_REQUESTS_CONFIG,
  ...BACKUPS_CONFIG,
});
export type AppConfig = z.infer<typeof appConfigSchema>;

/**
 * The participants of an organisation's deletion, export and data-subject requests: the services
 * that hold tenant data (the registry's `tenantData`), of those PRIVACY_PARTICIPANTS names, so a
 * stack or deployment that leaves a service out of erasure leaves it out here too.
 */
export function tenantParticipants(config: Pick<AppConfig, 'PRIVACY_PARTICIPANTS'>): string[] {
  return config.PRIVACY_PARTICIPANTS.filter((service) => (TENANT_DATA_SERVICES as readonly string[]).includes(service));
}
