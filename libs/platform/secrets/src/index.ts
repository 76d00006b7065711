export * from './secret-sealer';
export * from './unsubscribe-token';
export * from './ed25519-keys';
export * from './totp';
