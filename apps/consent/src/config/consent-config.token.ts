/** Injection token of consent's validated configuration (AppConfig). */
export const CONSENT_CONFIG = Symbol('CONSENT_CONFIG');
