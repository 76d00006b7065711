import type { z } from 'zod';
import { serviceConfigSchema } from '@sargs/platform/service';

export const appConfigSchema = serviceConfigSchema(3105);
export type AppConfig = z.infer<typeof appConfigSchema>;
