import type { EventFrom, AuditEventRecorded, OneOf } from '@sargs/contracts';
import { withDatabase } from './test-database';

export type AuditPayload = EventFrom<OneOf<typeof AuditEventRecorded>>['payload'];

/**
 * A service's audit entries as its outbox holds them, in the order written: what it published on
 * its audit topic (`<service>.audit.v1`) with the action it recorded (R27).
 */
export function auditOutbox(databaseUrl: string): Promise<AuditPayload[]> {
  return withDatabase(databaseUrl, async (pg) =>
    (await pg.query<{ envelope: { payload: AuditPayload } }>(`SELECT envelope FROM outbox_message WHERE topic LIKE '%.audit.v1' ORDER BY id`)).rows.map(
      (r) => r.envelope.payload,
    ),
  );
}
