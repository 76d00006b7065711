/** Injection token of retention's validated configuration (AppConfig). */
export const RETENTION_CONFIG = Symbol('RETENTION_CONFIG');
