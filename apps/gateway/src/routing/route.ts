import { SARGS_SERVICES, type ServiceName } from '@sargs/contracts';

/** The services behind the gateway: the registry's (libs/contracts services.ts); each has a <NAME>_URL in the config. */
export const UPSTREAM_SERVICES: readonly ServiceName[] = SARGS_SERVICES;
export type UpstreamService = ServiceName;

export const API_PREFIX = '/api/v1';
