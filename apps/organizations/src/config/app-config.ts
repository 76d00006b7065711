import { SERVICE_REGISTRY } from '@sargs/contracts';
import { z } from 'zod';
import { envBase64Key, envPositiveInt } from '@sargs/platform/config';
import { serviceConfigSchema } from '@sargs/platform/service';

const DAY_MS = 24 * 60 * 60 * 1000;

export const appConfigSchema = serviceConfigSchema(SERVICE_REGISTRY.organizations.port).extend({
  /**
   * AES-256-GCM key that seals invitation tokens into OrganizationInvitationIssued for
   * notifications, which opens them with the same value (identity's SECRET_SEALING_KEY).
   */
  SECRET_SEALING_KEY: envBase64Key(32),
  /** How long an invitation link works. */
  INVITATION_TTL_MS: envPositiveInt(7 * DAY_MS),
  /** An expired invitation (the invited address) is deleted this long after it expired. */
  INVITATION_PURGE_AFTER_MS: envPositiveInt(30 * DAY_MS),
  /**
   * How many days ahead a sub-processor change must be announced (GDPR Art. 28(2): organisations
   * get time to object); never fewer than 14.
   */
  SUBPROCESSOR_NOTICE_DAYS: z.coerce
    .number({ invalid_type_error: 'must be an integer of at least 14' })
    .int('must be an integer of at least 14')
    .min(14, 'must be at least 14 (organisations need time to object)')
    .default(30),
  /**
   * Directory holding `<version>.md` files of the data processing agreement: when no version exists
   * yet, the last one (by name) is published at boot. Optional.
   */
  DPA_SEED_DIR: z.string().min(1, 'must not be empty').optional(),
});
export type AppConfig = z.infer<typeof appConfigSchema>;
