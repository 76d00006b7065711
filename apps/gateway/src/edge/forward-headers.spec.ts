import { forwardHeaders } from './forward-headers';

describe('forwarded request headers', () => {
  const context = { correlationId: 'c-1', assertion: 'signed', language: 'lv' };

  it('passes If-None-Match on reads, so a service can answer 304', () => {
    const headers = forwardHeaders({ 'if-none-match': '"v1-lv-abc"', cookie: '__Host-sid=x' }, { ...context, method: 'GET' });
    expect(headers['if-none-match']).toBe('"v1-lv-abc"');
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-sargs-language']).toBe('lv');
  });

  it('keeps it back on writes, and when it is absurdly long', () => {
    expect(forwardHeaders({ 'if-none-match': '"a"' }, { ...context, method: 'POST' })['if-none-match']).toBeUndefined();
    expect(forwardHeaders({ 'if-none-match': `"${'a'.repeat(600)}"` }, { ...context, method: 'GET' })['if-none-match']).toBeUndefined();
    expect(forwardHeaders({}, { ...context, method: 'GET' })['if-none-match']).toBeUndefined();
  });
});
