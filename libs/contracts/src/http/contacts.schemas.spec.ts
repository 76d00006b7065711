import { contactListQuery, createContactBody, updateContactBody } from './contacts.schemas';

const issues = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('createContactBody', () => {
  it('takes a contact with every field, normalising the address and trimming the rest', () => {
    expect(
      createContactBody.parse({ kind: 'supplier', name: '  Ja\u0304nis Bērziņš ', email: '  Janis.Berzins@Example.TEST ', phone: ' +371 (2) 612-3456 ', note: ' first line\r\nsecond\tline ' }),
    ).toEqual({ kind: 'supplier', name: 'Jānis Bērziņš', email: 'janis.berzins@example.test', phone: '+371 (2) 612-3456', note: 'first line\nsecond\tline' });
  });

  it('takes only kind and name, and null for none of the rest', () => {
    expect(createContactBody.parse({ kind: 'employee', name: 'Anna' })).toEqual({ kind: 'employee', name: 'Anna' });
    expect(createContactBody.parse({ kind: 'partner', name: 'Anna', email: null, phone: null, note: null })).toEqual({ kind: 'partner', name: 'Anna', email: null, phone: null, note: null });
  });

  it('names each wrong field, and refuses unknown ones', () => {
    expect(issues(createContactBody.safeParse({ kind: 'friend', name: 'Anna' }))).toEqual([expect.stringMatching(/^kind: /)]);
    expect(issues(createContactBody.safeParse({ kind: 'customer' }))).toEqual([expect.stringMatching(/^name: /)]);
    expect(issues(createContactBody.safeParse({ kind: 'customer', name: 'A\u0000nna' }))).toEqual(['name: must not contain control characters']);
    expect(issues(createContactBody.safeParse({ kind: 'customer', name: 'x'.repeat(201) }))).toEqual(['name: must be at most 200 characters']);
    expect(issues(createContactBody.safeParse({ kind: 'customer', name: 'Anna', email: 'not an address' }))).toEqual(['email: must be an e-mail address']);
    expect(issues(createContactBody.safeParse({ kind: 'customer', name: 'Anna', email: 42 }))).toEqual([expect.stringMatching(/^email: /)]);
    expect(createContactBody.safeParse({ kind: 'customer', name: 'Anna', orgId: '00000000-0000-4000-8000-000000000000' }).success).toBe(false);
  });

  it('takes a telephone number as people write it, at most 40 characters, and nothing else', () => {
    for (const phone of ['+371 26123456', '(067) 123-456', '67.123.456', '0049/30/123456']) expect(createContactBody.safeParse({ kind: 'customer', name: 'A', phone }).success).toBe(true);
    for (const phone of ['', '  ', 'call me', '++371', '12', '+371 2612345\u0000', `+${'1'.repeat(40)}`, '1\n2\n3']) {
      expect([phone, createContactBody.safeParse({ kind: 'customer', name: 'A', phone }).success]).toEqual([phone, false]);
    }
  });

  it('takes a note of 2000 characters, counted as PostgreSQL counts them, without control characters other than line breaks and tabs', () => {
    expect(createContactBody.safeParse({ kind: 'customer', name: 'A', note: '😀'.repeat(2000) }).success).toBe(true);
    expect(issues(createContactBody.safeParse({ kind: 'customer', name: 'A', note: 'a'.repeat(2001) }))).toEqual(['note: must be at most 2000 characters']);
    expect(issues(createContactBody.safeParse({ kind: 'customer', name: 'A', note: 'a\u001bb' }))).toEqual(['note: must not contain control characters other than line breaks and tabs']);
    expect(issues(createContactBody.safeParse({ kind: 'customer', name: 'A', note: ' \n ' }))).toEqual(['note: must not be empty']);
  });
});

describe('updateContactBody', () => {
  it('takes any one field, null clearing the optional ones', () => {
    expect(updateContactBody.parse({ email: null })).toEqual({ email: null });
    expect(updateContactBody.parse({ kind: 'customer' })).toEqual({ kind: 'customer' });
  });

  it('refuses an empty body, a null name or kind, and unknown fields', () => {
    expect(issues(updateContactBody.safeParse({}))).toEqual([': must name at least one of kind, name, email, phone, note']);
    expect(updateContactBody.safeParse({ name: null }).success).toBe(false);
    expect(updateContactBody.safeParse({ kind: null }).success).toBe(false);
    expect(updateContactBody.safeParse({ id: '00000000-0000-4000-8000-000000000000', name: 'A' }).success).toBe(false);
  });
});

describe('contactListQuery', () => {
  it('normalises the address searched for, and pages like every list', () => {
    expect(contactListQuery.parse({ email: ' Anna@Example.TEST' })).toEqual({ email: 'anna@example.test', limit: 50 });
    expect(contactListQuery.parse({ limit: '5' })).toEqual({ limit: 5 });
    expect(issues(contactListQuery.safeParse({ email: 'anna' }))).toEqual(['email: must be an e-mail address']);
    expect(contactListQuery.safeParse({ email: ['a@example.test', 'b@example.test'] }).success).toBe(false);
    expect(contactListQuery.safeParse({ limit: '0' }).success).toBe(false);
  });
});
