export * from './secret-sealer';
export * from './unsubscribe-token';
