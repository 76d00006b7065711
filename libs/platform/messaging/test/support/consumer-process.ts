// A consumer service in a process of its own, so a test can kill it with SIGKILL mid-batch.
import { startTestService, testKafkaAccess } from '@sargs/testing';
import { RECORDER_FIXTURE } from './recorded-effect';

void (async () => {
  await startTestService({
    name: process.env.TEST_SERVICE_NAME as string,
    databaseUrl: process.env.TEST_DATABASE_URL as string,
    kafka: testKafkaAccess(process.env.TEST_KAFKA_BROKERS),
    ...RECORDER_FIXTURE,
  });
  process.stdout.write('consumer ready\n');
})();
