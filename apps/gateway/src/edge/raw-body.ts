import type { IncomingMessage } from 'node:http';

/** Whether the request says it carries a body (RFC 9112 §6.3): a length above 0, or chunks. */
export function declaresBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

/**
 * Reads the request body as bytes, up to `limit`. Read here rather than by a JSON parser in front,
 * so the gateway forwards exactly the bytes the client sent and answers size and type problems
 * itself. Past the limit reading stops at once (the answer closes the connection): a declared
 * length over it is refused before a byte is read.
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onAborted = () => onError(new Error('request aborted by the client'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/** How much of an oversized body the gateway reads and throws away so the client can read its 413. */
export const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;
const DISCARD_TIMEOUT_MS = 5_000;

/**
 * Reads and drops the rest of a refused body, up to a bound. Answering while the client is still
 * sending makes its next write fail (EPIPE/ECONNRESET) before it reads the answer; draining first
 * lets it see the 413. True when the body ended within the bound (the connection can stay open).
 */
export function discardBody(req: IncomingMessage, limit = DISCARD_LIMIT_BYTES, timeoutMs = DISCARD_TIMEOUT_MS): Promise<boolean> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (req.readableEnded) return Promise.resolve(true);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(false);
  return new Promise((resolve) => {
    let size = 0;
    const finish = (drained: boolean) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('aborted', onFail);
      if (!drained) req.pause();
      resolve(drained);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(false);
    };
    const onEnd = () => finish(true);
    const onFail = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFail);
    req.on('aborted', onFail);
    req.resume();
  });
}
