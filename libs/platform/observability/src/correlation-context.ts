import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface CorrelationScope {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationScope>();

/** Header that carries the correlation id over HTTP and Kafka. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** Accepts only ids that cannot smuggle data or log-injection characters into our logs. */
export function sanitizeCorrelationId(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : undefined;
}

export function runWithCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run({ correlationId: sanitizeCorrelationId(correlationId) ?? randomUUID() }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
