import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface WebAsset {
  /** The URL pages link to: the content's hash in it, so it can be cached for a year. */
  url: string;
  contentType: string;
  body: Buffer;
}

function load(file: string, contentType: string): WebAsset {
  const body = readFileSync(path.join(__dirname, '..', 'assets', file));
  const version = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { url: `/assets/${file}?v=${version}`, contentType, body };
}

/** The one stylesheet and the one (optional) script every page links; nothing else is served. */
export const STYLESHEET = load('sargs.css', 'text/css; charset=utf-8');
export const SCRIPT = load('sargs.js', 'text/javascript; charset=utf-8');
