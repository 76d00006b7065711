import { SERVICE_REGISTRY } from '@sargs/contracts';
import { z } from 'zod';
import { envBase64Key, envBase64KeyList } from '@sargs/platform/config';
import { serviceConfigSchema } from '@sargs/platform/service';

export const appConfigSchema = serviceConfigSchema(SERVICE_REGISTRY.consent.port).extend({
  /**
   * Key of the one-click unsubscribe tokens (base64, at least 32 bytes); notifications makes the
   * links in marketing mail with the same value.
   */
  UNSUBSCRIBE_TOKEN_KEY: envBase64Key(32),
  /**
   * Earlier unsubscribe keys (comma-separated base64): links already mailed under them keep
   * working after a rotation. Keep a key here as long as mail carrying its links may be read.
   */
  UNSUBSCRIBE_TOKEN_PREVIOUS_KEYS: envBase64KeyList(32),
  /**
   * Directory holding `<version>/en.md` and `<version>/lv.md`: when no policy version exists yet,
   * the one found there is published at boot. Optional.
   */
  POLICY_SEED_DIR: z.string().min(1, 'must not be empty').optional(),
});
export type AppConfig = z.infer<typeof appConfigSchema>;
