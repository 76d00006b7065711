import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { discardBody } from './raw-body';

function request(headers: Record<string, string>): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

describe('discardBody', () => {
  it('reads and drops a body that ends within the bound', async () => {
    const req = request({ 'content-length': '10' });
    const drained = discardBody(req, 100);
    req.end(Buffer.alloc(10));
    await expect(drained).resolves.toBe(true);
  });

  it('gives up on a body past the bound, declared or streamed, and on a client that stalls', async () => {
    await expect(discardBody(request({ 'content-length': '1000' }), 100)).resolves.toBe(false);
    const streamed = request({ 'transfer-encoding': 'chunked' });
    const result = discardBody(streamed, 100);
    streamed.write(Buffer.alloc(150));
    await expect(result).resolves.toBe(false);
    await expect(discardBody(request({ 'transfer-encoding': 'chunked' }), 100, 50)).resolves.toBe(false);
  });
});
