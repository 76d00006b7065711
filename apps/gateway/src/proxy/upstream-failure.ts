import type { UpstreamService } from '../routing/route';

/**
 * Why a service gave no usable answer: not reachable (503), too slow (504), or an answer that is
 * not one (502). The client learns which, never the service's own words.
 */
export type UpstreamFailureKind = 'unavailable' | 'timeout' | 'bad-answer';

export class UpstreamFailure extends Error {
  constructor(
    readonly service: UpstreamService,
    readonly kind: UpstreamFailureKind,
    /** For the log only (an error code or a short reason), never for the client. */
    readonly reason: string,
  ) {
    super(`${service}: ${kind} (${reason})`);
    this.name = 'UpstreamFailure';
  }
}

const STATUS: Record<UpstreamFailureKind, 502 | 503 | 504> = { 'bad-answer': 502, unavailable: 503, timeout: 504 };
const DETAIL: Record<UpstreamFailureKind, (service: string) => string> = {
  'bad-answer': (service) => `${service} gave an invalid answer`,
  unavailable: (service) => `${service} is unavailable`,
  timeout: (service) => `${service} did not answer in time`,
};

export function failureStatus(failure: UpstreamFailure): { status: 502 | 503 | 504; detail: string } {
  return { status: STATUS[failure.kind], detail: DETAIL[failure.kind](failure.service) };
}
