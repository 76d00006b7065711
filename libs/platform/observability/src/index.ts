export * from './correlation-context';
export * from './correlation.middleware';
export * from './logger';
export * from './metrics-registry';
export * from './nest-logger';
export * from './readiness';
export * from './app-logger';
