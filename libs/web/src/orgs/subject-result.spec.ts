import { countRecords, sumCounts } from './subject-result';

describe('a data-subject request result as the list sums it up', () => {
  it('counts the rows an access found, over every service and table', () => {
    const result = { contacts: { contact: [{ id: 'a', note: null }, { id: 'b', tags: [{ x: 1 }] }] }, organizations: { org_invitation: [{ id: 'c' }], member_account: [] } };
    expect(countRecords(result)).toBe(3);
    expect(countRecords({})).toBe(0);
    expect(countRecords(null)).toBe(0);
  });

  it('adds up the rows an erasure deleted', () => {
    expect(sumCounts({ contacts: { contact: 2 }, organizations: { org_invitation: 1, member_account: 0 } })).toBe(3);
    expect(sumCounts({ contacts: {} })).toBe(0);
    expect(sumCounts({ contacts: { contact: Number.NaN } })).toBe(0);
  });
});
