// The benchmark's consumer service, in a process of its own as in a deployment: producer and
// consumer do not share an event loop.
import type { KafkaAccess } from '@sargs/platform/messaging';
import { startTestService } from '@sargs/testing';
import { BenchEffect, BenchEffectTable1764065200000, BenchRecorder } from './bench-recorder';

void (async () => {
  const service = await startTestService({
    name: process.env.BENCH_SERVICE_NAME as string,
    databaseUrl: process.env.BENCH_DATABASE_URL as string,
    kafka: JSON.parse(process.env.BENCH_KAFKA_ACCESS as string) as KafkaAccess,
    entities: [BenchEffect],
    migrations: [BenchEffectTable1764065200000],
    controllers: [BenchRecorder],
  });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void service.close().then(() => process.exit(0)));
})();
