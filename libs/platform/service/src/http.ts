// What an HTTP app that is no service needs (the gateway): start-up, probes, problem answers and
// input errors. Nothing here reaches the database or Kafka, so such an app does not load TypeORM,
// pg or kafkajs (about 15 MB resident): the package's index also exports the service module, which
// does. http.spec.ts keeps it so.
export * from './domain-errors';
export * from './entity-tags';
export * from './input-validation';
export * from './problem-details';
export * from './problem-details.filter';
export * from './run-app';
