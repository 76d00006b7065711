export * from './common.schemas';
export * from './accounts.schemas';
export * from './roles';
