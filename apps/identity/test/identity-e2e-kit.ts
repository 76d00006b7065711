import { withDatabase } from '@sargs/testing';

/** The e2e kit lives in libs/testing (shared by every app's e2e tests); these are its names here. */
export {
  byAccount,
  byEmail,
  eventsOf,
  findEvent,
  login,
  newPerson,
  register,
  registerVerified,
  usedSecrets,
  waitForStackEvent as waitForEvent,
} from '@sargs/testing';

/** SQL on a stack database: to move time forward (expire a token) or to prove nothing was written. */
export const onDatabase = withDatabase;
