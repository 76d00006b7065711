import type { RouteRow } from '@sargs/contracts';
import type { ServerResponse } from 'node:http';
import type { RouteCall } from '../pipeline/route-answer';
import type { UpstreamAnswer, UpstreamCall } from '../proxy/forwarder';
import { PASSWORD_CONFIRMATION_PATH, passwordConfirmationAnswer } from './password-confirmation.answer';

const answerOf = (status: number, body?: unknown): UpstreamAnswer => ({
  status,
  headers: body === undefined ? {} : { 'content-type': 'application/problem+json' },
  body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
});

/** A call as the pipeline hands it over, recording what the answer sends, forwards and relays. */
function fakeCall(identity: UpstreamAnswer, body?: Buffer) {
  const sent: UpstreamCall[] = [];
  const forwarded: { withoutBody?: boolean }[] = [];
  const relayed: { service: string; status: number }[] = [];
  const call: RouteCall = {
    res: {} as ServerResponse,
    route: { method: 'DELETE', path: '/orgs/:id', service: 'organizations' } as RouteRow,
    session: undefined,
    staleSession: false,
    body: body ? { bytes: body, contentType: 'application/json' } : {},
    upstreamPath: '/orgs/o',
    language: undefined,
    ifNoneMatch: undefined,
    headersFor: (service) => ({ 'x-sargs-assertion': `for-${service}` }),
    forward: (options) => {
      forwarded.push(options ?? {});
      return Promise.resolve(answerOf(202, { caseId: 'c' }));
    },
    send: (upstream) => {
      sent.push(upstream);
      return Promise.resolve(identity);
    },
    relay: (service, answer) => {
      relayed.push({ service, status: answer.status });
    },
    refuse: () => undefined,
  };
  return { call, sent, forwarded, relayed };
}

describe('confirm-password: identity checks the password before the request goes on', () => {
  it('sends the body to identity alone, then forwards the request without it', async () => {
    const body = Buffer.from(JSON.stringify({ password: 'kaut kas slepens' }));
    const { call, sent, forwarded, relayed } = fakeCall(answerOf(204), body);
    await passwordConfirmationAnswer.answer(call);
    expect(sent).toEqual([
      { service: 'identity', method: 'POST', path: PASSWORD_CONFIRMATION_PATH, headers: { 'x-sargs-assertion': 'for-identity', 'content-type': 'application/json' }, body },
    ]);
    expect(forwarded).toEqual([{ withoutBody: true }]);
    expect(relayed).toEqual([{ service: 'organizations', status: 202 }]);
  });

  it.each([422, 429, 401])("relays identity's %i and forwards nothing", async (status) => {
    const { call, forwarded, relayed } = fakeCall(answerOf(status, { status }), Buffer.from('{"password":"x"}'));
    await passwordConfirmationAnswer.answer(call);
    expect(forwarded).toEqual([]);
    expect(relayed).toEqual([{ service: 'identity', status }]);
  });

  it('asks identity with an empty object when the request has no body (its 422 names the field)', async () => {
    const { call, sent } = fakeCall(answerOf(422, {}));
    await passwordConfirmationAnswer.answer(call);
    expect(sent[0].body?.toString()).toBe('{}');
  });
});
