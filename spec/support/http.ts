import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: any;
}

export interface RequestOptions {
  method?: string;
  /** A header given as an array is sent as several header lines. */
  headers?: Record<string, string | string[]>;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
}

/** A Koa app listening on 127.0.0.1 on a free port, with a small HTTP client aimed at it. */
export class TestServer {
  private constructor(private readonly server: http.Server, readonly url: string) {}

  static async start(app: Koa<any, any>): Promise<TestServer> {
    const server = http.createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new TestServer(server, `http://127.0.0.1:${port}`);
  }

  request(path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string | string[]> = { ...options.headers };
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }

    return new Promise((resolve, reject) => {
      const request = http.request(`${this.url}${path}`, { method: options.method ?? 'GET', headers, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body });
        });
      });
      request.on('error', reject);
      request.end(payload);
    });
  }

  get(path: string, headers: Record<string, string | string[]> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Authorization header for a bearer token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
