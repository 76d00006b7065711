export * from './config-error';
export * from './env-fields';
export * from './load-config';
