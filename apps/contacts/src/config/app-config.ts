import { SERVICE_REGISTRY } from '@sargs/contracts';
import type { z } from 'zod';
import { serviceConfigSchema } from '@sargs/platform/service';

export const appConfigSchema = serviceConfigSchema(SERVICE_REGISTRY.contacts.port);
export type AppConfig = z.infer<typeof appConfigSchema>;
