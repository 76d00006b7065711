import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A body per request (e.g. rotating over accounts); none when absent. */
  body?: () => string;
  /** A path (and query) per request, on the URL's origin (e.g. rotating over searched addresses); the URL's own when absent. */
  path?: () => string;
  /** Which answers count; every other answer, and every connection error or timeout, is a failure. */
  ok: (status: number) => boolean;
  /** How long one request may wait for its answer before it counts as a timeout; autocannon's 10 s by default. */
  timeoutSeconds?: number;
  /** Ends the load before `seconds` are up (a background load while something else is timed). */
  signal?: AbortSignal;
}

export interface LoadResult {
  seconds: number;
  ok: number;
  okPerSecond: number;
  /** Latency of the counted answers only, in ms. */
  okLatenciesMs: number[];
  /** Answers that did not count, plus connection errors and timeouts. */
  failed: number;
  failedShare: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
}

/** autocannon over keep-alive connections (HTTPS without certificate checks where the URL says https). */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const okLatenciesMs: number[] = [];
  const statusCounts: Record<string, number> = {};
  let notOk = 0;
  const nextBody = spec.body;
  const nextPath = spec.path;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.seconds,
        ...(spec.timeoutSeconds ? { timeout: spec.timeoutSeconds } : {}),
        method: spec.method ?? 'GET',
        headers: spec.headers,
        requests:
          nextBody || nextPath
            ? [{ setupRequest: (request) => ({ ...request, ...(nextBody ? { body: nextBody() } : {}), ...(nextPath ? { path: nextPath() } : {}) }) }]
            : undefined,
      },
      (err, result) => {
        if (err) return reject(err);
        const ok = okLatenciesMs.length;
        const failed = notOk + result.errors;
        resolve({
          seconds: result.duration,
          ok,
          okPerSecond: ok / result.duration,
          okLatenciesMs,
          failed,
          failedShare: failed / Math.max(1, ok + failed),
          statusCounts,
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
    spec.signal?.addEventListener('abort', () => instance.stop(), { once: true });
    instance.on('response', (_client, status, _bytes, ms) => {
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      if (spec.ok(status)) okLatenciesMs.push(ms);
      else notOk += 1;
    });
  });
}

export function describeLoad(r: LoadResult): string {
  const statuses = Object.entries(r.statusCounts)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
  return `${r.ok} counted in ${r.seconds} s; answers ${statuses || 'none'}; connection errors ${r.errors} (timeouts ${r.timeouts})`;
}

/** A run with more than `maxShare` failures measures the failures, not the path: refuse the figure. */
export function assertReliable(what: string, r: LoadResult, maxShare = 0.01): void {
  if (r.failedShare > maxShare) {
    throw new Error(`${what}: ${(r.failedShare * 100).toFixed(2)}% failed (over ${maxShare * 100}%), so the figure is unreliable: ${describeLoad(r)}`);
  }
}

/** Warm-up (not counted), then the measured run; more than 1% failures throws. */
export async function measure(what: string, spec: Omit<LoadSpec, 'seconds'>, { warmUpSeconds = 3, seconds = 15 } = {}): Promise<LoadResult> {
  await runLoad({ ...spec, seconds: warmUpSeconds });
  const result = await runLoad({ ...spec, seconds });
  console.log(`${what}: ${describeLoad(result)}`);
  assertReliable(what, result);
  return result;
}
