import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
  /** Set-Cookie headers of this answer. */
  cookies: string[];
}

export interface ApiRequest {
  /** An object is sent as JSON; a string or Buffer as is (set content-type yourself). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Value of `__Host-sid` to send. */
  session?: string;
  /** Default: the client's public origin on writes; null sends none. */
  origin?: string | null;
}

/**
 * Real HTTPS to the gateway, verifying its certificate against the dev certificate, the way an
 * outside client would: no shortcuts into the app.
 */
export class ApiClient {
  private readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    readonly publicOrigin: string,
    private readonly caFile: string,
    /** The loopback address to connect from (127.0.0.x): the gateway sees each as another client. */
    readonly localAddress?: string,
  ) {
    this.agent = new Agent({ connect: { ca: readFileSync(caFile) }, localAddress, keepAliveTimeout: 1000 });
  }

  /** The same gateway, called from another loopback address, as another person's machine would. Close it after. */
  from(localAddress: string): ApiClient {
    return new ApiClient(this.baseUrl, this.publicOrigin, this.caFile, localAddress);
  }

  async call(method: string, path: string, options: ApiRequest = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    let body: string | Buffer | undefined;
    if (options.body !== undefined) {
      if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) body = options.body;
      else {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    if (options.session) headers.cookie = `__Host-sid=${options.session}`;
    const origin = options.origin === undefined ? (method === 'GET' ? null : this.publicOrigin) : options.origin;
    if (origin) headers.origin = origin;
    const response = await request(`${this.baseUrl}${path}`, { method: method as 'GET', headers, body, dispatcher: this.agent });
    const text = await response.body.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const setCookie = response.headers['set-cookie'];
    return {
      status: response.statusCode,
      headers: response.headers,
      text,
      body: parsed,
      cookies: setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie],
    };
  }

  get = (path: string, options?: ApiRequest) => this.call('GET', path, options);
  post = (path: string, body?: unknown, options?: ApiRequest) => this.call('POST', path, { ...options, body });
  put = (path: string, body?: unknown, options?: ApiRequest) => this.call('PUT', path, { ...options, body });
  patch = (path: string, body?: unknown, options?: ApiRequest) => this.call('PATCH', path, { ...options, body });
  delete = (path: string, options?: ApiRequest) => this.call('DELETE', path, options);

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** The `__Host-sid` value a response set, if any. */
export function sessionCookie(response: ApiResponse): string | undefined {
  for (const cookie of response.cookies) {
    const match = /^__Host-sid=([^;]*)/.exec(cookie);
    if (match && match[1]) return match[1];
  }
  return undefined;
}
