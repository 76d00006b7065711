export * from './test-database';
export * from './test-service';
export * from './wait-for';
export * from './dedicated-broker';
export * from './test-stack';
export * from './api-client';
export * from './event-recorder';
export * from './platform-stack';
