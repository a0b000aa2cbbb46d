import autocannon from 'autocannon';
import { ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { libraryVersion } from './machine';
import type { ServerKind } from './servers';

/** One HTTP row: a route of one of the benchmark servers. */
export interface HttpRow {
  id: string;
  label: string;
  server: ServerKind;
  path: string;
}

/** Ids of the rows the performance targets compare. */
export const HTTP_IDS = {
  controllersOpen: 'http.controllers.open',
  controllersAuthorized: 'http.controllers.authorized',
  koaGuard: 'http.koa.guard',
  koaJwt: 'http.koa-jwt.protected',
} as const;

/** Lists the HTTP rows, grouped by server so each server starts once. */
export function httpRows(): HttpRow[] {
  return [
    { id: 'http.koa.open', label: 'plain Koa route (@koa/router), no authentication', server: 'koa', path: '/open' },
    { id: HTTP_IDS.koaGuard, label: 'plain Koa route + auth.accessTokenRequired', server: 'koa', path: '/protected' },
    { id: HTTP_IDS.controllersOpen, label: 'routing-controllers route, no @Authorized()', server: 'controllers', path: '/open' },
    { id: HTTP_IDS.controllersAuthorized, label: 'routing-controllers route, @Authorized()', server: 'controllers', path: '/protected' },
    { id: 'http.controllers.currentUser', label: 'routing-controllers route, @Authorized() + @CurrentUser()', server: 'controllers', path: '/me' },
    { id: 'http.controllers-redis.authorized', label: 'routing-controllers route, @Authorized(), Redis revocation check', server: 'controllers-redis', path: '/protected' },
    { id: HTTP_IDS.koaJwt, label: `koa-jwt ${libraryVersion('koa-jwt')}, secret as a string, plain Koa route`, server: 'koa-jwt', path: '/protected' },
  ];
}

/** Autocannon settings shared by every HTTP row. */
export interface LoadSettings {
  connections: number;
  /** Sent on every request, including to the routes without authentication. */
  authorization: string;
}

/** The result of one autocannon run. */
export interface LoadResult {
  /** Requests completed divided by the seconds the run took. */
  requestsPerSecond: number;
  p99Ms: number;
}

/** A benchmark server running in a child process, so the load generator has its own event loop. */
export class ServerProcess {
  private constructor(private readonly child: ChildProcess, readonly port: number) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Forks bench/server-process.ts with ts-node and resolves once the server listens.
   *
   * @throws Error when the child exits first or does not listen within 60 seconds.
   */
  static async start(kind: ServerKind, env: Record<string, string>): Promise<ServerProcess> {
    const child = fork(path.join(__dirname, 'server-process.ts'), [kind], {
      execArgv: ['--require', 'ts-node/register/transpile-only'],
      env: { ...process.env, ...env },
      // The child's output goes to stderr, so it never mixes with the table or the JSON on stdout.
      stdio: ['ignore', 2, 2, 'ipc'],
    });

    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench server ${kind} did not listen within 60 s`)), 60_000);
      child.once('message', (message) => {
        clearTimeout(timer);
        resolve((message as { port: number }).port);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`bench server ${kind} exited (${signal ?? `code ${code}`}) before listening`));
      });
    });
    return new ServerProcess(child, port);
  }

  /** Sends SIGTERM to the child's pid and resolves once it has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/**
 * Sends one request to the route and checks that it returns 200.
 *
 * @throws Error naming the status and the start of the body otherwise.
 */
export async function checkRoute(port: number, route: string, authorization: string): Promise<void> {
  const response = await getOnce(port, route, authorization);
  if (response.status !== 200) throw new Error(`GET ${route} returned ${response.status} ${response.body.slice(0, 120)}`);
}

/**
 * Loads the route with autocannon for `seconds`.
 *
 * @throws Error when any request failed, timed out or returned a status other than 2xx.
 */
export async function loadRoute(port: number, route: string, settings: LoadSettings, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${route}`,
    headers: { authorization: settings.authorization },
    connections: settings.connections,
    duration: seconds,
  });

  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(`${result.non2xx} non-2xx responses, ${result.errors} connection errors and ${result.timeouts} timeouts in ${result.requests.total} requests`);
  }
  return { requestsPerSecond: result.requests.total / result.duration, p99Ms: result.latency.p99 };
}

function getOnce(port: number, route: string, authorization: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: route, headers: { authorization } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}
