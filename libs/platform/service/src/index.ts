export * from './health.controller';
export * from './platform-entities';
export * from './platform-migrations';
export * from './problem-details';
export * from './problem-details.filter';
export * from './run-app';
export * from './sargs-service.module';
export * from './service-config';
