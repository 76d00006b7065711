// The notification-broadcast scenario's ceiling: a bare nodemailer loop in a process of its own,
// pooled as notifications' SmtpRelay is (pool, BENCH_MAX_CONNECTIONS connections) and with as
// many mails in flight as its sender keeps (BENCH_CONCURRENCY lanes), sending small text mails
// to the same MailDev. A warm-up (connections, JIT) is not counted.
// Prints "measuring" when the warm-up ends, then {"mails":n,"seconds":s,"failures":f,"cpuPercent":c}
// (its own CPU over the counted part, % of one core).
import nodemailer from 'nodemailer';

const smtpUrl = process.env.BENCH_SMTP_URL as string;
const maxConnections = Number(process.env.BENCH_MAX_CONNECTIONS);
const concurrency = Number(process.env.BENCH_CONCURRENCY);
const warmUpSeconds = Number(process.env.BENCH_WARM_UP_SECONDS);
const seconds = Number(process.env.BENCH_SECONDS);

void (async () => {
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections, maxMessages: Infinity, logger: false, debug: false } as Parameters<
    typeof nodemailer.createTransport
  >[0]);
  const warmUpEnd = Date.now() + warmUpSeconds * 1000;
  const end = warmUpEnd + seconds * 1000;
  let n = 0;
  let mails = 0;
  let failures = 0;
  let lastAt = 0;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  const measuring = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    process.stdout.write('measuring\n');
  }, warmUpEnd - Date.now());
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const i = n++;
        try {
          await transport.sendMail({
            from: 'Sargs <no-reply@sargs.localhost>',
            to: `bench-loop-${i}@example.test`,
            subject: `Bench mail ${i}`,
            text: `A small text mail from the bare nodemailer loop, number ${i}.`,
          });
        } catch {
          failures += 1;
          continue;
        }
        const now = Date.now();
        if (now < warmUpEnd) continue;
        mails += 1;
        lastAt = now;
      }
    }),
  );
  clearTimeout(measuring);
  const cpu = process.cpuUsage(cpuAtStart);
  const measured = (lastAt - warmUpEnd) / 1000;
  transport.close();
  process.stdout.write(`${JSON.stringify({ mails, seconds: measured, failures, cpuPercent: ((cpu.user + cpu.system) / 1e6 / measured) * 100 })}\n`);
})().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
