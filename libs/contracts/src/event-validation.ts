import type { z } from 'zod';
import { envelopeSchema, type EventEnvelope } from './envelope';
import { findEventDefinition } from './event-catalog';
import { subjectMismatch } from './event-definition';

export type EventValidationResult =
  | { ok: true; event: EventEnvelope }
  | { ok: false; reason: string; eventId?: string };

/** Names the failing paths only: a reason ends up in logs and dead letters, so it never quotes values. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
}

/** Validates an incoming message (already JSON-parsed) against the envelope, its event schema and the event's subject rule. */
export function validateEvent(topic: string, raw: unknown): EventValidationResult {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    const eventId = typeof raw === 'object' && raw !== null ? (raw as { eventId?: unknown }).eventId : undefined;
    return {
      ok: false,
      reason: `invalid envelope: ${describeIssues(envelope.error)}`,
      eventId: typeof eventId === 'string' ? eventId.slice(0, 100) : undefined,
    };
  }
  const { eventId, type, schemaVersion } = envelope.data;
  const definition = findEventDefinition(topic, type);
  if (!definition) {
    return { ok: false, reason: `unknown event type ${type.slice(0, 100)} on ${topic}`, eventId };
  }
  if (definition.schemaVersion !== schemaVersion) {
    return { ok: false, reason: `unsupported schemaVersion ${schemaVersion} of ${type}`, eventId };
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    return { ok: false, reason: `invalid ${type} payload: ${describeIssues(payload.error)}`, eventId };
  }
  const mismatch = subjectMismatch(definition, envelope.data.subjectId, payload.data);
  if (mismatch) return { ok: false, reason: mismatch, eventId };
  return { ok: true, event: { ...envelope.data, payload: payload.data } as EventEnvelope };
}
