import https from 'node:https';

/** One GET; true on a 2xx. `ca` lets the gateway's self-signed dev certificate through, and only it. */
function getOk(url: string, ca?: string): Promise<boolean> {
  if (!url.startsWith('https:')) {
    return fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => res.ok,
      () => false,
    );
  }
  return new Promise((resolve) => {
    const req = https.get(url, { ca, timeout: 2_000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 300);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}

export interface WaitReadyOptions {
  timeoutMs: number;
  ca?: string;
  /** Stop waiting (false) when this says the app is gone. */
  gone: () => boolean;
}

/** Polls `url` until it answers 2xx; false when the app exits or the time is up. */
export async function waitForReady(url: string, { timeoutMs, ca, gone }: WaitReadyOptions): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone()) {
    if (await getOk(url, ca)) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
