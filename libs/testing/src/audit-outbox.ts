import { TOPICS, type PayloadOf } from '@sargs/contracts';
import { withDatabase } from './test-database';

export type AuditPayload = PayloadOf<typeof TOPICS.audit, 'AuditEventRecorded'>;

/**
 * A service's audit entries as its outbox holds them, in the order written: what it published on
 * audit.v1 with the action it recorded (R27).
 */
export function auditOutbox(databaseUrl: string): Promise<AuditPayload[]> {
  return withDatabase(databaseUrl, async (pg) =>
    (await pg.query<{ envelope: { payload: AuditPayload } }>(`SELECT envelope FROM outbox_message WHERE topic = $1 ORDER BY id`, [TOPICS.audit])).rows.map(
      (r) => r.envelope.payload,
    ),
  );
}
