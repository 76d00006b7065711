// `npm run kafka:fetch`: fetch the broker's jars ahead of the first `npm start` (e.g. in CI caches).
import { ensureKafkaDistribution } from '@sargs/devstack';

ensureKafkaDistribution({ log: (message) => console.log(message) }).then(
  (libsDir) => console.log(libsDir),
  (err: Error) => {
    console.error(err.message);
    process.exitCode = 1;
  },
);
