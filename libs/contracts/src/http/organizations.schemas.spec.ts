import { createOrganizationBody, latvianRegistrationNumberProblem, registrationNumberField, updateOrganizationBody, vatNumberField, verifyOrganizationBody } from './organizations.schemas';

/**
 * Test vectors from python-stdnum (Arthur de Jong, https://github.com/arthurdejong/python-stdnum):
 * the doctests of stdnum/lv/pvn.py ('LV 4000 3521 600' valid, '40003521601' a wrong check digit,
 * '161175-19997' a personal code) and the LV numbers of tests/test_eu_vat.doctest, all valid.
 * Those beginning 0-3 are personal codes, which Sargs refuses as a company's number.
 */
const VALID = [
  '40003521600',
  '40003189718',
  '40003282138',
  '40003449366',
  '40003655379',
  '40003718068',
  '40003754957',
  '40003777428',
  '40003939038',
  '40008000102',
  '40103077610',
  '40103157009',
  '40103179665',
  '40103264016',
  '43603009384',
  '44103040262',
  '50003993021',
  '50003087101',
  '90000528023',
  '40003241337',
  '40003467376',
  '42103016370',
  '42103048183',
];

const errorsOf = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  result.success ? [] : (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('the Latvian registration number (R3)', () => {
  it.each(VALID)('accepts the legal entity %s', (number) => {
    expect(latvianRegistrationNumberProblem(number)).toBeUndefined();
  });

  it('refuses a wrong check digit, as stdnum does', () => {
    expect(latvianRegistrationNumberProblem('40003521601')).toBe('has a wrong check digit');
    // Every other last digit of a valid number is wrong too: the checksum decides it.
    for (let digit = 0; digit <= 9; digit++) {
      if (digit === 0) continue;
      expect(latvianRegistrationNumberProblem(`4000352160${digit}`)).toBe('has a wrong check digit');
    }
  });

  it("refuses a person's code (first digit 0-3) and anything but 11 digits", () => {
    expect(latvianRegistrationNumberProblem('16117519997')).toBe('must be the number of a legal entity (its first digit is 4 to 9)');
    for (const bad of ['', '4000352160', '400035216000', '4000352160a', 'LV40003521600']) expect(latvianRegistrationNumberProblem(bad)).toBe('must be 11 digits');
  });

  it('takes the number with the spaces and hyphens people group it with, and keeps it compact', () => {
    expect(registrationNumberField.parse('4000 3521 600')).toBe('40003521600');
    expect(registrationNumberField.parse(' 40003-521600 ')).toBe('40003521600');
    expect(registrationNumberField.safeParse('4000 3521 601').success).toBe(false);
  });
});

describe('the VAT number (R3)', () => {
  it('is LV and the registration number, written in any case and grouping', () => {
    expect(vatNumberField.parse('LV 4000 3521 600')).toBe('LV40003521600');
    expect(vatNumberField.parse('lv40003521600')).toBe('LV40003521600');
    expect(vatNumberField.safeParse('EE100931558').success).toBe(false);
    expect(vatNumberField.safeParse('40003521600').success).toBe(false);
  });

  it('must go with the registration number on creation: 422 naming vatNumber', () => {
    const base = { name: 'Latvijas Gāze', registrationNumber: '40003521600' };
    expect(createOrganizationBody.parse({ ...base, vatNumber: 'LV 4000 3521 600' })).toEqual({ ...base, vatNumber: 'LV40003521600' });
    expect(createOrganizationBody.parse(base)).toEqual(base);
    expect(createOrganizationBody.parse({ ...base, vatNumber: null, address: null })).toEqual({ ...base, vatNumber: null, address: null });
    expect(errorsOf(createOrganizationBody.safeParse({ ...base, vatNumber: 'LV40003189718' }))).toEqual(['vatNumber: must be LV followed by the registration number']);
  });

  it('names each field at fault', () => {
    expect(errorsOf(createOrganizationBody.safeParse({ name: ' ', registrationNumber: '40003521601' }))).toEqual([
      'name: must not be empty',
      'registrationNumber: has a wrong check digit',
    ]);
    expect(errorsOf(createOrganizationBody.safeParse({ name: 'A', registrationNumber: '40003521600', extra: 1 }))[0]).toContain('Unrecognized key');
  });
});

describe('the other company-details bodies', () => {
  it('needs at least one field to change', () => {
    expect(updateOrganizationBody.safeParse({}).success).toBe(false);
    expect(updateOrganizationBody.parse({ vatNumber: null })).toEqual({ vatNumber: null });
  });

  it('takes a verification with a SHA-256 in hex (either case) and a known method', () => {
    const sha = 'AB'.repeat(32);
    expect(verifyOrganizationBody.parse({ method: 'register-extract', evidenceSha256: sha })).toEqual({ method: 'register-extract', evidenceSha256: sha.toLowerCase() });
    expect(errorsOf(verifyOrganizationBody.safeParse({ method: 'register-extract', evidenceSha256: 'ab'.repeat(31) }))).toEqual(['evidenceSha256: must be a SHA-256 in hex (64 characters)']);
    expect(verifyOrganizationBody.safeParse({ method: 'phoned-them', evidenceSha256: sha }).success).toBe(false);
  });
});
