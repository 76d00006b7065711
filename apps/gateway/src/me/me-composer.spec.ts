import { meView } from '@sargs/contracts';
import type { Forwarder, UpstreamCall } from '../proxy/forwarder';
import type { ResolvedSession } from '../sessions/session-resolver';
import { MeComposer } from './me-composer';
import { RelayedProfileChanges } from './relayed-profile-changes';

const ACCOUNT_ID = '8a0e0b7e-3c1f-4f3e-9d55-6f1f0a1b2c3d';
const session = (name: string, language: 'lv' | 'en' = 'lv'): ResolvedSession => ({
  sessionId: '5f0c8f5e-8d5a-4b8e-9f62-1f7f4c3f2a10',
  accountId: ACCOUNT_ID,
  roles: ['user'],
  secondFactor: 'none',
  account: { id: ACCOUNT_ID, email: 'a@example.test', roles: ['user'], emailVerified: true, createdAt: '2025-01-01T00:00:00.000Z', passwordChangedAt: '2025-01-01T00:00:00.000Z', mfa: { totp: false, passkeys: 0 } },
  freshForMs: 1000,
  profile: { name, language },
});

function profileAnswering(name: string, language = 'en') {
  const calls: UpstreamCall[] = [];
  const forwarder = {
    call: (call: UpstreamCall) => {
      calls.push(call);
      return Promise.resolve({ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ name, email: 'a@example.test', language })) });
    },
  } as unknown as Forwarder;
  return { forwarder, calls };
}

describe('MeComposer', () => {
  const headers = () => ({});

  it("answers from identity's copy without asking profile", async () => {
    const { forwarder, calls } = profileAnswering('Profile Name');
    const me = await new MeComposer(forwarder, new RelayedProfileChanges()).compose(session('Copy Name'), headers);
    expect(me).toEqual({ kind: 'ok', me: expect.objectContaining({ name: 'Copy Name', language: 'lv', email: 'a@example.test' }) });
    expect(calls).toHaveLength(0);
  });

  it('makes exactly the GET /me view from the checked halves, nothing of the session besides', async () => {
    const { forwarder } = profileAnswering('Profile Name');
    const me = await new MeComposer(forwarder, new RelayedProfileChanges()).compose(session('Copy Name'), headers);
    if (me.kind !== 'ok') throw new Error('expected a view');
    // The contract's strict schema: an extra key (sessionId, freshForMs...) would fail it.
    expect(meView.parse(me.me)).toEqual(me.me);
    expect(Object.keys(me.me).sort()).toEqual(['createdAt', 'email', 'emailVerified', 'id', 'language', 'mfa', 'name', 'passwordChangedAt', 'roles']);
  });

  it('asks profile while the copy does not show a change relayed here, and trusts the copy again once it does', async () => {
    const { forwarder, calls } = profileAnswering('New Name', 'en');
    const relayed = new RelayedProfileChanges();
    const composer = new MeComposer(forwarder, relayed);
    relayed.relayed(ACCOUNT_ID, { name: 'New Name', language: 'en' });

    expect(await composer.compose(session('Old Name'), headers)).toEqual({ kind: 'ok', me: expect.objectContaining({ name: 'New Name', language: 'en' }) });
    expect(calls.map((c) => `${c.service} ${c.method} ${c.path}`)).toEqual(['profile GET /me/profile']);

    expect(await composer.compose(session('New Name', 'en'), headers)).toEqual({ kind: 'ok', me: expect.objectContaining({ name: 'New Name' }) });
    await composer.compose(session('New Name', 'en'), headers);
    expect(calls).toHaveLength(1);
  });

  it('asks profile when identity sent no copy', async () => {
    const { forwarder, calls } = profileAnswering('Profile Name');
    const { profile: _dropped, ...withoutCopy } = session('unused');
    const me = await new MeComposer(forwarder, new RelayedProfileChanges()).compose(withoutCopy, headers);
    expect(me).toEqual({ kind: 'ok', me: expect.objectContaining({ name: 'Profile Name' }) });
    expect(calls).toHaveLength(1);
  });
});
