// The benchmark's consumer service, in a process of its own as in a deployment: producer and
// consumer do not share an event loop. Asked over IPC, it hands over the timings it collected.
import { DataSource } from 'typeorm';
import type { KafkaAccess } from '@sargs/platform/messaging';
import { startTestService } from '@sargs/testing';
import { BenchEffect, BenchEffectTable1764065200000, BenchRecorder, ConsumerTimings } from './bench-recorder';

void (async () => {
  const service = await startTestService({
    name: process.env.BENCH_SERVICE_NAME as string,
    databaseUrl: process.env.BENCH_DATABASE_URL as string,
    kafka: JSON.parse(process.env.BENCH_KAFKA_ACCESS as string) as KafkaAccess,
    entities: [BenchEffect],
    migrations: [BenchEffectTable1764065200000],
    controllers: [BenchRecorder],
    providers: [{ provide: ConsumerTimings, useFactory: (dataSource: DataSource) => new ConsumerTimings(dataSource), inject: [DataSource] }],
  });
  const timings = service.context.get(ConsumerTimings);
  process.on('message', (m) => m === 'timings' && process.send?.({ timings: timings.take() }));
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void service.close().then(() => process.exit(0)));
  // The bench died without stopping us: nothing will ever ask again.
  process.once('disconnect', () => void service.close().then(() => process.exit(1)));
})();
