import { get } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface PollResult {
  latenciesMs: number[];
  failures: number;
}

export interface LatencyPoller {
  stop(): Promise<PollResult>;
}

/** One GET on a fresh connection, as a probe would make it; resolves with its status. */
function probe(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
  });
}

/** GETs `url` every `everyMs` (the next one right away when one takes longer), timing each answer. */
export function pollLatency(url: string, everyMs: number): LatencyPoller {
  const latenciesMs: number[] = [];
  let failures = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      const status = await probe(url).catch(() => 0);
      const ms = performance.now() - started;
      if (status === 200) latenciesMs.push(ms);
      else failures += 1;
      if (ms < everyMs) await new Promise((r) => setTimeout(r, everyMs - ms));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { latenciesMs, failures };
    },
  };
}

/** Polls for `ms` and returns what it saw. */
export async function pollFor(url: string, everyMs: number, ms: number): Promise<PollResult> {
  const poller = pollLatency(url, everyMs);
  await new Promise((r) => setTimeout(r, ms));
  return poller.stop();
}
