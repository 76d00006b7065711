import { withDatabase } from '@sargs/testing';
import type { PlatformUnderBench } from './platform-under-bench';

/**
 * Tenants and their contacts for the scenarios that need a large organisation (contacts-search,
 * tenant-deletion): organisations created through the gateway, as an owner would, and contacts
 * written straight into contacts' table, since 100,000 POSTs would measure the seeding.
 */

/** Latvian legal-entity registration numbers (checksum: weights 9 1 4 8 3 10 2 5 7 6 1, sum mod 11 = 3), one per tenant. */
export function registrationNumber(i: number): string {
  for (let k = i * 7; ; k++) {
    const digits = `4000${String(k % 1_000_000).padStart(6, '0')}`;
    const sum = [...digits].reduce((total, d, j) => total + Number(d) * ([9, 1, 4, 8, 3, 10, 2, 5, 7, 6][j] as number), 0);
    const check = (((3 - sum) % 11) + 11) % 11;
    if (check < 10) return `${digits}${check}`;
  }
}

/** `POST /orgs` through the gateway as the signed-in `session`, who becomes its owner; the new organisation's id. */
export async function createOrganization(platform: PlatformUnderBench, session: string, i: number): Promise<string> {
  const created = await platform.api.post('/orgs', { name: `Bench Tenant ${i} SIA`, registrationNumber: registrationNumber(i) }, { session });
  if (created.status !== 201) throw new Error(`POST /orgs answered ${created.status}: ${created.text}`);
  return (created.body as { id: string }).id;
}

/** The address seedContacts gave the `n`th contact (1-based) of the tenant at position `tenant`. */
export const contactAddress = (tenant: number, n: number): string => `person${n}@tenant${tenant}.example.test`;

export interface TenantContacts {
  orgId: string;
  contacts: number;
}

/**
 * Each tenant's contacts straight into contacts' table (as the superuser: no policy applies to
 * seeding), created a millisecond apart, addressed by the tenant's position in `tenants`
 * (contactAddress). Then the table as one that has lived a while: hint bits and the visibility map
 * set, statistics fresh, and the seeding's writes flushed, so what is measured next does not pay
 * for the bulk insert. Returns the rows written.
 */
export async function seedContacts(platform: PlatformUnderBench, tenants: readonly TenantContacts[]): Promise<number> {
  await withDatabase(platform.databaseUrl('contacts'), async (pg) => {
    for (const [tenant, { orgId, contacts }] of tenants.entries()) {
      await pg.query(
        `INSERT INTO contact (id, org_id, kind, name, email, phone, note, created_at, updated_at)
         SELECT gen_random_uuid(), $1, (ARRAY['customer','supplier','partner','employee'])[1 + n % 4], 'Bench Person ' || n, 'person' || n || '@tenant' || $2 || '.example.test',
                CASE WHEN n % 3 = 0 THEN '+371 2' || lpad((n % 10000000)::text, 7, '0') END, CASE WHEN n % 5 = 0 THEN 'seeded by the bench' END,
                date_trunc('milliseconds', now()) - n * interval '1 millisecond', date_trunc('milliseconds', now())
           FROM generate_series(1, $3::int) n`,
        [orgId, tenant, contacts],
      );
    }
    await pg.query('VACUUM (ANALYZE) contact');
    await pg.query('CHECKPOINT');
  });
  return tenants.reduce((total, t) => total + t.contacts, 0);
}
