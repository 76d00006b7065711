import { formAsUrlEncoded } from './form-body';

const multipart = (boundary: string, parts: string[]) =>
  Buffer.from(`${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`, 'utf8');

describe('formAsUrlEncoded', () => {
  it('passes a URL-encoded form through unchanged', async () => {
    const bytes = Buffer.from('List-Unsubscribe=One-Click');
    expect(await formAsUrlEncoded(bytes, 'application/x-www-form-urlencoded')).toEqual({ bytes, contentType: 'application/x-www-form-urlencoded' });
  });

  it('re-encodes a multipart form (RFC 8058) as URL-encoded, UTF-8 intact', async () => {
    const body = multipart('XyZ', ['Content-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click', 'Content-Disposition: form-data; name="piezīme"\r\n\r\nā & ē=ū']);
    const result = await formAsUrlEncoded(body, 'multipart/form-data; boundary=XyZ');
    expect('bytes' in result && result.contentType).toBe('application/x-www-form-urlencoded');
    expect('bytes' in result && Object.fromEntries(new URLSearchParams(result.bytes.toString('utf8')))).toEqual({ 'List-Unsubscribe': 'One-Click', piezīme: 'ā & ē=ū' });
  });

  it('refuses a file part, and a body that is not multipart after all, with 422 naming body', async () => {
    const file = multipart('b1', ['Content-Disposition: form-data; name="f"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello']);
    expect(await formAsUrlEncoded(file, 'multipart/form-data; boundary=b1')).toMatchObject({ status: 422, errors: [{ field: 'body' }] });
    expect(await formAsUrlEncoded(Buffer.from('List-Unsubscribe=One-Click'), 'multipart/form-data; boundary=b1')).toMatchObject({ status: 422 });
  });

  it('refuses more fields than any form of ours has', async () => {
    const many = multipart('m', Array.from({ length: 40 }, (_, i) => `Content-Disposition: form-data; name="f${i}"\r\n\r\nx`));
    expect(await formAsUrlEncoded(many, 'multipart/form-data; boundary=m')).toMatchObject({ status: 422 });
  });
});
