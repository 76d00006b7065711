import { performance } from 'node:perf_hooks';
import type { ApiClient } from '@sargs/testing';

const POLL_EVERY_MS = 5;

/**
 * How long a revoked session still works: after `revoke` resolves (the revocation is committed),
 * GET /me with the old cookie is sent every 5 ms without waiting for answers, until one is
 * refused. The figure is when the last request that still got 200 was sent (0 when none did), so
 * the answers' own latency under load does not count, only the gateway's knowledge. The session
 * was read through the gateway just before, so the gateway had its answer at hand.
 */
export async function revocationDelayMs(api: ApiClient, session: string, revoke: () => Promise<void>, giveUpMs = 5_000): Promise<number> {
  const before = await api.get('/me', { session });
  if (before.status !== 200) throw new Error(`GET /me answered ${before.status} before the revocation`);
  await revoke();
  const revokedAt = performance.now();
  let lastAcceptedMs = 0;
  let refused = false;
  const polls: Promise<void>[] = [];
  while (!refused) {
    const sentMs = performance.now() - revokedAt;
    if (sentMs > giveUpMs) throw new Error(`the revoked session still worked ${giveUpMs} ms later`);
    polls.push(
      api.get('/me', { session }).then((answer) => {
        if (answer.status === 401) refused = true;
        else if (answer.status === 200) lastAcceptedMs = Math.max(lastAcceptedMs, sentMs);
        else throw new Error(`GET /me answered ${answer.status} after the revocation`);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
  await Promise.all(polls);
  return lastAcceptedMs;
}
