/**
 * What one GET of an app's `/readyz` says is still missing: nothing when it is ready and every
 * check it reports is up. The checks that do not gate readiness count here too (Kafka, identity's
 * `policy-version`): the stack says it is running only when a sign-up made at once would go through.
 */
async function stillMissing(url: string): Promise<string[]> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    const body = (await res.json()) as { checks?: Record<string, string> };
    const down = Object.entries(body.checks ?? {}).filter(([, state]) => state !== 'up').map(([name]) => name);
    return res.ok || down.length > 0 ? down : [`an answer of 200 (got ${res.status})`];
  } catch {
    return ['an answer'];
  }
}

export interface WaitReadyOptions {
  timeoutMs: number;
  /** Stop waiting when this says the app is gone. */
  gone: () => boolean;
}

/** Polls `url` until the app is ready and connected: [] then, else what it was still waiting for when the app exited or the time was up. */
export async function waitForReady(url: string, { timeoutMs, gone }: WaitReadyOptions): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let missing = ['an answer'];
  while (Date.now() < deadline && !gone()) {
    missing = await stillMissing(url);
    if (missing.length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return missing;
}
