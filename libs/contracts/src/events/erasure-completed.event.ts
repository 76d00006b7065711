import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { SARGS_SERVICES, type ServiceName } from '../services';
import { serviceTopic } from '../topics';

/** A participant's answer: which service erased the subject, when, and how many rows per table. */
const erasureCompletedBy = <S extends ServiceName>(service: S) =>
  defineEvent({
    topic: serviceTopic(service, 'erasure'),
    type: 'ErasureCompleted',
    schemaVersion: 1,
    payload: z
      .object({
        caseId: z.string().uuid(),
        subjectId: z.string().uuid(),
        // The topic's writer: an answer naming another service is invalid (dead-lettered).
        service: z.literal(service),
        erasedAt: z.string().datetime({ offset: true }),
        counts: z.record(z.string().max(100), z.number().int().nonnegative()),
      })
      .strict(),
  });

/** One definition per participant, each on the participant's own topic (`ErasureCompleted.identity`). */
export const ErasureCompleted = Object.fromEntries(SARGS_SERVICES.map((s) => [s, erasureCompletedBy(s)])) as {
  [S in ServiceName]: ReturnType<typeof erasureCompletedBy<S>>;
};
