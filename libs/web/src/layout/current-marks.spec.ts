import { currentMarks } from './layout';

describe('currentMarks', () => {
  const console = ['/admin', '/admin/accounts', '/admin/incidents'];

  it('marks the link of this very page as the page', () => {
    expect([...currentMarks('/admin/accounts', console)]).toEqual([['/admin/accounts', 'page']]);
    expect([...currentMarks('/admin', console)]).toEqual([['/admin', 'page']]);
  });

  it('marks the longest link above a sub-page as the location, not the page', () => {
    expect([...currentMarks('/admin/incidents/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed', console)]).toEqual([['/admin/incidents', 'location']]);
    expect([...currentMarks('/admin/accountsx', console)]).toEqual([['/admin', 'location']]);
  });

  it('follows an alias for pages that live under another path', () => {
    expect([...currentMarks('/admin/privacy-requests/abc', console, { '/admin/privacy-requests': '/admin' })]).toEqual([['/admin', 'location']]);
  });

  it('marks nothing outside every link', () => {
    expect([...currentMarks('/account', console)]).toEqual([]);
  });
});
