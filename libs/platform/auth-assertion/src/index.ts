export * from './internal-assertion';
export * from './internal-assertion.middleware';
export * from './client-key';
