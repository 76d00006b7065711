import fc from 'fast-check';
import { AuditEventRecorded, policyVersionField } from '@sargs/contracts';

/** The audit entry of a publication names the version as it is: every version staff may publish must be a valid audit subject. */
describe('policy versions as audit subjects', () => {
  const entryFor = (version: string) => ({
    action: 'policy.published',
    actorId: '9b1f1d8e-2d55-4f7b-9d3c-5a1b2c3d4e5f',
    subject: version,
    reference: null,
    service: 'consent',
    occurredAt: new Date().toISOString(),
  });

  it('accepts every version label publishing accepts', () => {
    // Mostly allowed characters, some not, lengths around both limits (50 for versions, 100 for subjects).
    const char = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...'abcXYZ0189._-'.split('')) },
      { weight: 1, arbitrary: fc.constantFrom(':', ' ', '/', 'ā', '\u0000', '@', '+') },
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 120 }).map((chars) => chars.join('')), (version) => {
        if (policyVersionField.safeParse(version).success) expect(AuditEventRecorded.consent.payload.safeParse(entryFor(version)).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
    for (const version of ['2026-11-25', 'v1.2_final', 'A'.repeat(50), '0']) expect(AuditEventRecorded.consent.payload.safeParse(entryFor(version)).success).toBe(true);
  });
});
