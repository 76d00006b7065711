import busboy from 'busboy';
import { Readable } from 'node:stream';
import type { BodyProblem } from './body-rules';

export const URLENCODED = 'application/x-www-form-urlencoded';
export const MULTIPART = 'multipart/form-data';

/** Enough for any form of ours; a form is a few short fields, never a file. */
const MAX_FIELDS = 32;

/**
 * A form body as the services read forms: URL-encoded. RFC 8058 says one-click unsubscribe posts
 * should be multipart/form-data, so a multipart form (text fields only) is re-encoded here, once,
 * at the edge; the services keep one form parser. A file part, too many fields or a malformed
 * body is a 422 naming `body`.
 */
export async function formAsUrlEncoded(bytes: Buffer, contentType: string): Promise<{ bytes: Buffer; contentType: string } | BodyProblem> {
  if (!contentType.trim().toLowerCase().startsWith(MULTIPART)) return { bytes, contentType };
  const problem = (message: string): BodyProblem => ({ status: 422, detail: `The form body ${message}`, errors: [{ field: 'body', message }] });
  return new Promise((resolve) => {
    const fields = new URLSearchParams();
    let refused: BodyProblem | undefined;
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, limits: { files: 0, fields: MAX_FIELDS, fieldSize: bytes.length, parts: MAX_FIELDS }, defParamCharset: 'utf8' });
    } catch {
      resolve(problem('is not valid multipart/form-data'));
      return;
    }
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) refused ??= problem('has a field that is too long');
      else fields.append(name, value);
    });
    parser.on('file', (_name, stream) => {
      stream.resume();
      refused ??= problem('may not carry files');
    });
    parser.on('filesLimit', () => (refused ??= problem('may not carry files')));
    parser.on('fieldsLimit', () => (refused ??= problem(`has more than ${MAX_FIELDS} fields`)));
    parser.on('partsLimit', () => (refused ??= problem(`has more than ${MAX_FIELDS} parts`)));
    parser.on('error', () => resolve(refused ?? problem('is not valid multipart/form-data')));
    parser.on('close', () => resolve(refused ?? { bytes: Buffer.from(fields.toString(), 'utf8'), contentType: URLENCODED }));
    Readable.from([bytes]).pipe(parser);
  });
}
