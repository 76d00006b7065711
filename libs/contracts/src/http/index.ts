export * from './common.schemas';
export * from './accounts.schemas';
export * from './profile.schemas';
export * from './roles';
export * from './policies.schemas';
export * from './consents.schemas';
export * from './broadcasts.schemas';
