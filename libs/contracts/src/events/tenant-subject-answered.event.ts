import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { SARGS_SERVICES, type ServiceName } from '../services';
import { serviceTopic } from '../topics';

/** A tenant service's answer to TenantSubjectRequested: the rows it holds (access) or how many it deleted (erasure). */
const tenantSubjectAnsweredBy = <S extends ServiceName>(service: S) =>
  defineEvent({
    topic: serviceTopic(service, 'export'),
    type: 'TenantSubjectAnswered',
    schemaVersion: 1,
    payload: z
      .object({
        requestId: z.string().uuid(),
        orgId: z.string().uuid(),
        service: z.literal(service),
        type: z.enum(['access', 'erasure']),
        answeredAt: z.string().datetime({ offset: true }),
        /** access: the rows about the address, per table. */
        tables: z.record(z.string().max(100), z.array(z.record(z.string(), z.unknown()))).optional(),
        /** erasure: rows deleted, per table. */
        counts: z.record(z.string().max(100), z.number().int().nonnegative()).optional(),
      })
      .strict(),
  });

export const TenantSubjectAnswered = Object.fromEntries(SARGS_SERVICES.map((s) => [s, tenantSubjectAnsweredBy(s)])) as {
  [S in ServiceName]: ReturnType<typeof tenantSubjectAnsweredBy<S>>;
};
