import type { ServerResponse } from 'node:http';
import { checkAnswer, passedHeaders, relayAnswer } from './answer-relay';

function fakeResponse() {
  const sent: { status?: number; headers?: Record<string, unknown>; body?: unknown } = {};
  const res = {
    headersSent: false,
    destroyed: false,
    writeHead(status: number, headers: Record<string, unknown>) {
      sent.status = status;
      sent.headers = headers;
    },
    end(body?: unknown) {
      sent.body = body;
    },
  };
  return { res: res as unknown as ServerResponse, sent };
}

describe('answer relay', () => {
  it('passes a 304 on with its ETag, Cache-Control and Vary, and no body', () => {
    const answer = {
      status: 304,
      headers: { etag: '"v1-en-abc"', 'cache-control': 'public, max-age=60', vary: 'Accept-Language, Cookie', 'set-cookie': ['x=1'] },
      body: Buffer.alloc(0),
    };
    expect(checkAnswer('consent', answer)).toBeUndefined();
    const { res, sent } = fakeResponse();
    expect(relayAnswer(res, 'consent', answer)).toBeUndefined();
    expect(sent.status).toBe(304);
    expect(sent.body).toBeUndefined();
    expect(sent.headers).toMatchObject({ etag: '"v1-en-abc"', 'cache-control': 'public, max-age=60', vary: 'Accept-Language, Cookie' });
    expect(sent.headers?.['set-cookie']).toBeUndefined();
    expect(sent.headers?.['content-length']).toBeUndefined();
  });

  it('passes Vary on 200 answers too', () => {
    expect(passedHeaders({ status: 200, headers: { vary: 'Cookie' }, body: Buffer.from('{}') })).toEqual({ vary: 'Cookie' });
  });

  it('passes Content-Disposition, so a download keeps its file name', () => {
    const answer = { status: 200, headers: { 'content-disposition': 'attachment; filename="sargs-export-1.json"', 'x-powered-by': 'Express' }, body: Buffer.from('{}') };
    expect(passedHeaders(answer)).toEqual({ 'content-disposition': 'attachment; filename="sargs-export-1.json"' });
  });

  it("makes a paged list's next link public, and leaves a link to another origin alone", () => {
    const link = (value: string) => passedHeaders({ status: 200, headers: { link: value }, body: Buffer.from('[]') }).link;
    expect(link('</admin/audit?limit=50&cursor=abc>; rel="next"')).toBe('</api/v1/admin/audit?limit=50&cursor=abc>; rel="next"');
    expect(link('<//elsewhere.test/x>; rel="next"')).toBe('<//elsewhere.test/x>; rel="next"');
  });

  it('relays an HTML page only for a route that produces HTML', () => {
    const page = { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from('<!doctype html>') };
    expect(checkAnswer('consent', page, ['text/html'])).toBeUndefined();
    expect(checkAnswer('consent', page)?.kind).toBe('bad-answer');
  });
});
