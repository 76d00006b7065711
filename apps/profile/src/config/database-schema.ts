import type { EntityClass } from '@sargs/platform/privacy';
import { CreateProfile1795609600000 } from '../migrations/1795609600000-create-profile';
import { Profile } from '../profiles/profile.entity';

/**
 * The profile database: its entities and migrations, besides the platform tables every service has.
 * Features add their entities and migrations here; the schema-drift test reads this list.
 */
export const PROFILE_ENTITIES: EntityClass[] = [Profile];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PROFILE_MIGRATIONS: Function[] = [CreateProfile1795609600000];
