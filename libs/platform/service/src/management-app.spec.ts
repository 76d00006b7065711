import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, READINESS_CHECKS, type ReadinessCheck } from '@sargs/platform/observability';
import { startManagementApp } from './management-app';

/** A main app whose readiness checks the management app must use: a database that can be taken down, and Kafka (non-gating). */
function checks(state: { database: boolean; kafka: boolean }): ReadinessCheck[] {
  return [
    { name: 'database', check: async () => (state.database ? undefined : Promise.reject(new Error('down'))) },
    { name: 'kafka', gatesReadiness: false, check: async () => (state.kafka ? undefined : Promise.reject(new Error('down'))) },
  ];
}

describe('the management app (MANAGEMENT_PORT)', () => {
  const state = { database: true, kafka: true };
  let main: INestApplication;
  let management: INestApplication;
  let base: string;

  beforeAll(async () => {
    @Module({ providers: [{ provide: READINESS_CHECKS, useValue: checks(state) }] })
    class MainModule {}
    main = await NestFactory.create(MainModule, { logger: false });
    await main.init();
    management = await startManagementApp(main, 0, createLogger({ service: 'management-test', level: 'silent' }));
    base = (await management.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await management.close();
    await main.close();
  });

  it('answers liveness and metrics', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('process_resident_memory_bytes');
  });

  it("is ready with Kafka down, and not ready (503 problem+json naming it) with the main app's database down", async () => {
    state.kafka = false;
    const withoutKafka = await fetch(`${base}/readyz`);
    expect([withoutKafka.status, await withoutKafka.json()]).toEqual([200, { status: 'ready', checks: { database: 'up', kafka: 'down' } }]);

    state.database = false;
    const withoutDatabase = await fetch(`${base}/readyz`);
    expect(withoutDatabase.status).toBe(503);
    expect(withoutDatabase.headers.get('content-type')).toContain('application/problem+json');
    expect(await withoutDatabase.json()).toMatchObject({ status: 503, detail: 'Not ready: database unavailable', checks: { database: 'down', kafka: 'down' } });
  });
});
