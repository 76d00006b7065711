/** Injection token of identity's validated configuration (AppConfig). */
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
