import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { SARGS_SERVICES, type ServiceName } from '../services';
import { serviceTopic } from '../topics';

/** A participant's export section: its tables' rows about the subject. Carries personal data. */
const exportSectionReadyBy = <S extends ServiceName>(service: S) =>
  defineEvent({
    topic: serviceTopic(service, 'export'),
    type: 'ExportSectionReady',
    schemaVersion: 1,
    payload: z
      .object({
        exportId: z.string().uuid(),
        subjectId: z.string().uuid(),
        // The topic's writer: a section naming another service is invalid (dead-lettered).
        service: z.literal(service),
        generatedAt: z.string().datetime({ offset: true }),
        tables: z.record(z.string().max(100), z.array(z.record(z.string(), z.unknown()))),
      })
      .strict(),
  });

/** One definition per participant, each on the participant's own topic (`ExportSectionReady.profile`). */
export const ExportSectionReady = Object.fromEntries(SARGS_SERVICES.map((s) => [s, exportSectionReadyBy(s)])) as {
  [S in ServiceName]: ReturnType<typeof exportSectionReadyBy<S>>;
};
