/** Injection token of the app's pino logger. */
export const APP_LOGGER = Symbol('APP_LOGGER');
