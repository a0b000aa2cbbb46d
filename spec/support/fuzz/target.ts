import 'reflect-metadata';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Authorized, CurrentUser, Delete, Get, JsonController, Post, Put } from 'routing-controllers';
import { AuthX, AuthXConfig, RefreshTokenRequired, TokenPayload } from '../../../src';
import { MemoryLogger, controllerApp } from '../apps';
import { SECRET } from '../tokens';

/** Routes of the fuzz target: guarded routes of each kind and one open route. */
@JsonController('/fuzz')
export class FuzzController {
  @Get('/open')
  open() {
    return { open: true };
  }

  @Authorized()
  @Get('/resource')
  read(@CurrentUser({ required: true }) user: TokenPayload) {
    return { sub: user.sub };
  }

  @Authorized()
  @Post('/resource')
  create(@CurrentUser({ required: true }) user: TokenPayload) {
    return { sub: user.sub };
  }

  @Authorized()
  @Put('/resource')
  replace(@CurrentUser({ required: true }) user: TokenPayload) {
    return { sub: user.sub };
  }

  @Authorized()
  @Delete('/resource')
  remove(@CurrentUser({ required: true }) user: TokenPayload) {
    return { sub: user.sub };
  }

  @RefreshTokenRequired()
  @Post('/refresh')
  refresh(@CurrentUser({ required: true }) user: TokenPayload) {
    return { sub: user.sub };
  }

  @Authorized('admin')
  @Get('/admin')
  admin(@CurrentUser({ required: true }) user: TokenPayload) {
    return { sub: user.sub };
  }
}

/** Paths of {@link FuzzController} that need a token. */
export const GUARDED_PATHS = ['/fuzz/resource', '/fuzz/refresh', '/fuzz/admin'];

/** Every route of {@link FuzzController}. */
export const FUZZ_ROUTES = [
  { method: 'GET', path: '/fuzz/open' },
  { method: 'GET', path: '/fuzz/resource' },
  { method: 'POST', path: '/fuzz/resource' },
  { method: 'PUT', path: '/fuzz/resource' },
  { method: 'DELETE', path: '/fuzz/resource' },
  { method: 'POST', path: '/fuzz/refresh' },
  { method: 'GET', path: '/fuzz/admin' },
] as const;

/** A fuzz response: status, headers and body text. */
export interface FuzzResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request the fuzz sends through Node's HTTP client. */
export interface FuzzRequest {
  method: string;
  /** Path and query, already percent-encoded. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Maximum time one fuzz request may take before the run counts it as a hang. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The app under fuzz: every token location on (headers, cookies, query, JSON body) with CSRF
 * double submit, listening on 127.0.0.1. Requests reuse keep-alive connections.
 */
export class FuzzTarget {
  readonly logger = new MemoryLogger();
  readonly auth = new AuthX(new AuthXConfig({ JWT_SECRET_KEY: SECRET, JWT_TOKEN_LOCATION: ['headers', 'cookies', 'query', 'json'] }), { logger: this.logger });
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  private server?: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer(controllerApp(this.auth, [FuzzController]).callback());
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Sends a request through Node's HTTP client. Rejects when no response arrives in time. */
  send(request: FuzzRequest): Promise<FuzzResponse> {
    // Node's client frames a GET or DELETE body with neither Content-Length nor chunks, so the
    // server would read the body as the next request. Set the length for every body.
    const headers = request.body ? { ...request.headers, 'content-length': String(request.body.length) } : request.headers;
    return new Promise((resolve, reject) => {
      const outgoing = http.request({
        host: '127.0.0.1',
        port: this.port,
        method: request.method,
        path: request.path,
        headers,
        agent: this.agent,
        timeout: REQUEST_TIMEOUT_MS,
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`)));
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  /**
   * Writes raw bytes on a new connection and returns the status of the first response, or 0
   * when the server closed or reset the connection without one, as Node's parser may do for a
   * malformed request. Used for header bytes Node's client refuses to send.
   */
  sendRaw(bytes: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      let timedOut = false;
      socket.setTimeout(REQUEST_TIMEOUT_MS, () => {
        timedOut = true;
        socket.destroy();
      });
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      // A reset after a 400 is normal for Node's parser, so an error only ends the read.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (timedOut) {
          reject(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`));
          return;
        }
        const match = /^HTTP\/1\.[01] (\d{3})/.exec(Buffer.concat(chunks).toString('latin1'));
        resolve(match ? Number(match[1]) : 0);
      });
      socket.end(bytes);
    });
  }
}
