import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { withDatabase } from '@sargs/testing';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { percentile, round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench, type PlatformUnderBench } from '../support/platform-under-bench';
import type { Figure, Scenario } from '../support/scenario';

/** Measured answers per kind of request, after the warm-up rounds. */
const SAMPLES = 300;
const WARM_UP_ROUNDS = 30;
/** A pause between requests, so each is timed on a quiet platform rather than queued behind the last. */
const GAP_MS = 5;
/** Within 10% of each other at the p50 (security review, finding 3). */
const TARGET_P50_DIFFERENCE_PCT = 10;
const POLICY_VERSION = 'bench-timing-1';
const PASSWORD = 'violet harbour lantern 7381 quiet';
const ACCEPTED = '{"status":"accepted"}';

type Kind = 'reset-known' | 'reset-unknown' | 'resend-known' | 'resend-unknown' | 'signup-new' | 'signup-taken';
const KINDS: Kind[] = ['reset-known', 'reset-unknown', 'resend-known', 'resend-unknown', 'signup-new', 'signup-taken'];

/** Each known address is asked about once, so the per-address mail quota never cuts its work short. */
async function seed(platform: PlatformUnderBench, prefix: string, count: number, verified: boolean): Promise<string[]> {
  const hash = await benchPasswordHash(PASSWORD);
  return withDatabase(platform.databaseUrl('identity'), async (pg) => {
    const { rows } = await pg.query<{ email: string }>(
      `INSERT INTO account (id, email, name, password_hash, language, roles, status, email_verified_at, password_changed_at)
       SELECT gen_random_uuid(), $1 || '-' || g || '@example.test', 'Bench Person ' || g, $2, 'en', '{user}', 'active', CASE WHEN $4 THEN now() END, now()
         FROM generate_series(1, $3::int) g
       RETURNING email`,
      [prefix, hash, count, verified],
    );
    return rows.map((r) => r.email);
  });
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const resetTimingScenario: Scenario = {
  name: 'reset-timing',
  description: `POST /password-resets, /accounts/verification/resend and /accounts for known and unknown addresses, interleaved one at a time through the gateway: p50 and p90 side by side (${SAMPLES} each)`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const platform = await startPlatformUnderBench(infra);
    try {
      const rounds = WARM_UP_ROUNDS + SAMPLES;
      const known = {
        reset: await seed(platform, 'timing-verified', rounds, true),
        resend: await seed(platform, 'timing-unverified', rounds, false),
        taken: await seed(platform, 'timing-taken', rounds, true),
      };
      // What consent's PolicyPublished would have told identity: sign-ups accept this version.
      await withDatabase(platform.databaseUrl('identity'), (pg) => pg.query('INSERT INTO known_policy_version (version, published_at) VALUES ($1, now())', [POLICY_VERSION]));
      const fresh = (what: string) => `timing-${what}-${randomUUID()}@example.test`;
      const signUp = (email: string) => ({ name: 'Bench Person', email, password: PASSWORD, acceptedPolicyVersion: POLICY_VERSION });
      const request: Record<Kind, (round: number) => [string, unknown]> = {
        'reset-known': (r) => ['/password-resets', { email: known.reset[r] }],
        'reset-unknown': () => ['/password-resets', { email: fresh('nobody') }],
        'resend-known': (r) => ['/accounts/verification/resend', { email: known.resend[r] }],
        'resend-unknown': () => ['/accounts/verification/resend', { email: fresh('nobody') }],
        'signup-new': () => ['/accounts', signUp(fresh('new'))],
        'signup-taken': (r) => ['/accounts', signUp(known.taken[r])],
      };

      const latencies = Object.fromEntries(KINDS.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
      for (let r = 0; r < rounds; r++) {
        // Every round asks each kind once, in a new order, so drift and background work fall on all alike.
        for (const kind of shuffled(KINDS)) {
          const [path, body] = request[kind](r);
          const started = performance.now();
          const answer = await platform.api.post(path, body);
          const ms = performance.now() - started;
          // Byte-identical answers are the first half of not telling; timing is the second.
          if (answer.status !== 202 || answer.text !== ACCEPTED) throw new Error(`${kind} answered ${answer.status}: ${answer.text}`);
          if (r >= WARM_UP_ROUNDS) latencies[kind].push(ms);
          await sleep(GAP_MS);
        }
      }

      const figures: Figure[] = [];
      const pairs: [string, Kind, Kind][] = [
        ['reset', 'reset-known', 'reset-unknown'],
        ['resend', 'resend-known', 'resend-unknown'],
        ['sign-up', 'signup-new', 'signup-taken'],
      ];
      for (const [what, real, other] of pairs) {
        const p = (kind: Kind, q: number) => round(percentile(latencies[kind], q), 2);
        const difference = round((Math.abs(p(real, 50) - p(other, 50)) / p(other, 50)) * 100);
        console.log(`${what}: p50 ${p(real, 50)} vs ${p(other, 50)} ms, p90 ${p(real, 90)} vs ${p(other, 90)} ms (${real} vs ${other})`);
        figures.push(
          { name: `${what} p50, ${real}`, value: p(real, 50), unit: 'ms', baseline: { name: `${other} p50`, value: p(other, 50) } },
          { name: `${what} p90, ${real}`, value: p(real, 90), unit: 'ms', baseline: { name: `${other} p90`, value: p(other, 90) } },
          { name: `${what} p50 difference, ${real} vs ${other}`, value: difference, unit: '%', target: { op: '<', value: TARGET_P50_DIFFERENCE_PCT } },
        );
      }
      return figures;
    } finally {
      await platform.stop();
    }
  },
};
