// The login scenario's baseline: bare argon2.verify loops in a process of their own, with the
// libuv thread pool identity gets (neither process is given UV_THREADPOOL_SIZE), so the bench's
// own event loop and autocannon take nothing from it. Prints {"verifies":n,"seconds":s,"cpuSeconds":c}
// (c: its CPU over the counted verifies, every thread).
import * as argon2 from 'argon2';

const hash = process.env.BENCH_HASH as string;
const password = process.env.BENCH_PASSWORD as string;
const concurrency = Number(process.env.BENCH_CONCURRENCY);
const seconds = Number(process.env.BENCH_SECONDS);

void (async () => {
  if (!(await argon2.verify(hash, password))) throw new Error('the bench hash does not verify the bench password');
  const cpuAtStart = process.cpuUsage();
  const started = Date.now();
  const deadline = started + seconds * 1000;
  let verifies = 0;
  let lastAt = started;
  let cpuAtLast = process.cpuUsage(cpuAtStart);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        if (!(await argon2.verify(hash, password))) throw new Error('verify failed');
        verifies += 1;
        lastAt = Date.now();
        cpuAtLast = process.cpuUsage(cpuAtStart);
      }
    }),
  );
  process.stdout.write(`${JSON.stringify({ verifies, seconds: (lastAt - started) / 1000, cpuSeconds: (cpuAtLast.user + cpuAtLast.system) / 1e6 })}\n`);
})().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
