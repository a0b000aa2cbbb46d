import { randomUUID } from 'node:crypto';
import http from 'node:http';
import jwt from 'jsonwebtoken';
import type { AuthX } from '../src';

/** A response as the soak load generator keeps it. */
export interface SoakResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request of a scenario and the status it must get. */
export interface Exchange {
  label: string;
  status: number;
  expected: number;
}

/** Sends requests to the soak server over keep-alive connections. */
export class SoakClient {
  private readonly agent: http.Agent;

  constructor(private readonly port: number, connections: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  }

  request(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<SoakResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const allHeaders = payload ? { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) } : headers;
    return new Promise((resolve, reject) => {
      const outgoing = http.request({ host: '127.0.0.1', port: this.port, method, path, headers: allHeaders, agent: this.agent, timeout: 30_000 }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error('no response within 30 s')));
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The cookies of one browser session after `POST /auth/cookie-login`. */
export interface CookieSession {
  cookie: string;
  csrfRefresh: string;
}

/** Tokens minted before the load starts, so the load loop spends its time on requests. */
export interface TokenPools {
  valid: string[];
  expired: string[];
  forged: string[];
  revoked: string[];
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Signs access-token claims for user `test` outside koa-authx, with any `exp`. */
function signAccessClaims(secret: string, exp: number): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ sub: 'test', type: 'access', jti: randomUUID(), iat: now - 3600, exp, fresh: false, scopes: ['users:read'] }, secret, { algorithm: 'HS256', noTimestamp: true });
}

/**
 * Mints the token pools, and revokes the `revoked` pool through the app's own logout route.
 *
 * @throws Error when a logout does not return 200.
 */
export async function prepareTokens(auth: AuthX<any>, secret: string, client: SoakClient, size: number): Promise<TokenPools> {
  const now = Math.floor(Date.now() / 1000);
  const mint = () => auth.createAccessToken({ uid: 'test', fresh: true, scopes: ['users:read'] });
  const pools: TokenPools = {
    valid: Array.from({ length: size }, mint),
    expired: Array.from({ length: size }, () => signAccessClaims(secret, now - 60)),
    forged: Array.from({ length: size }, () => signAccessClaims(`${secret}-not-the-server-secret`, now + 900)),
    revoked: Array.from({ length: size }, mint),
  };

  for (const token of pools.revoked) {
    const response = await client.request('POST', '/auth/logout', bearer(token));
    if (response.status !== 200) throw new Error(`logout to revoke a token returned ${response.status}: ${response.text}`);
  }
  return pools;
}

/**
 * Logs in with cookies as a browser does and keeps the cookie pairs and the refresh CSRF value.
 *
 * @throws Error when the login does not return 200 with both CSRF cookies.
 */
export async function cookieLogin(client: SoakClient): Promise<CookieSession> {
  const response = await client.request('POST', '/auth/cookie-login', {}, { username: 'test', password: 'test' });
  const pairs = (response.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]);
  const csrfRefresh = pairs.find((pair) => pair.startsWith('csrf_refresh_token='))?.split('=')[1];
  if (response.status !== 200 || !csrfRefresh) throw new Error(`cookie login returned ${response.status} without CSRF cookies: ${response.text}`);
  return { cookie: pairs.join('; '), csrfRefresh };
}

/** A kind of traffic: how often it is picked and the requests it sends. */
export interface Scenario {
  name: string;
  weight: number;
  run(client: SoakClient, pools: TokenPools, session: CookieSession, auth: AuthX<any>): Promise<Exchange[]>;
}

async function one(label: string, expected: number, response: Promise<SoakResponse>): Promise<Exchange[]> {
  return [{ label, status: (await response).status, expected }];
}

/** The traffic mix of the soak: mostly valid requests, with every kind of rejection between them. */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'valid, token seen before', weight: 30, run: (client, pools) => one('GET /account', 200, client.request('GET', '/account', bearer(pick(pools.valid)))) },
  { name: 'valid, new token', weight: 10, run: (client, _pools, _session, auth) => one('GET /account', 200, client.request('GET', '/account', bearer(auth.createAccessToken({ uid: 'test', scopes: ['users:read'] })))) },
  { name: 'expired', weight: 10, run: (client, pools) => one('GET /account', 401, client.request('GET', '/account', bearer(pick(pools.expired)))) },
  { name: 'forged', weight: 10, run: (client, pools) => one('GET /account', 401, client.request('GET', '/account', bearer(pick(pools.forged)))) },
  { name: 'revoked', weight: 8, run: (client, pools) => one('GET /account', 401, client.request('GET', '/account', bearer(pick(pools.revoked)))) },
  {
    name: 'logout, then the same token',
    weight: 4,
    run: async (client, _pools, _session, auth) => {
      const token = auth.createAccessToken({ uid: 'test', fresh: true, scopes: ['users:read'] });
      const logout = await client.request('POST', '/auth/logout', bearer(token));
      const reuse = await client.request('GET', '/account', bearer(token));
      return [{ label: 'POST /auth/logout', status: logout.status, expected: 200 }, { label: 'GET /account after logout', status: reuse.status, expected: 401 }];
    },
  },
  { name: 'cookie, safe method', weight: 8, run: (client, _pools, session) => one('GET /account (cookie)', 200, client.request('GET', '/account', { cookie: session.cookie })) },
  { name: 'cookie refresh with CSRF', weight: 5, run: (client, _pools, session) => one('POST /auth/refresh (cookie, CSRF)', 200, client.request('POST', '/auth/refresh', { cookie: session.cookie, 'x-csrf-token': session.csrfRefresh })) },
  { name: 'cookie refresh without CSRF', weight: 5, run: (client, _pools, session) => one('POST /auth/refresh (cookie, no CSRF)', 401, client.request('POST', '/auth/refresh', { cookie: session.cookie })) },
  { name: 'scope granted', weight: 4, run: (client, pools) => one('GET /admin/users', 200, client.request('GET', '/admin/users', bearer(pick(pools.valid)))) },
  { name: 'scope missing', weight: 3, run: (client, pools) => one('DELETE /admin/users/test', 403, client.request('DELETE', '/admin/users/test', bearer(pick(pools.valid)))) },
  { name: 'no token', weight: 3, run: (client) => one('GET /account (no token)', 401, client.request('GET', '/account')) },
  { name: 'login', weight: 2, run: (client) => one('POST /auth/login', 200, client.request('POST', '/auth/login', {}, { username: 'test', password: 'test' })) },
];

/** Picks a scenario at random by weight. */
export function pickScenario(): Scenario {
  const total = SCENARIOS.reduce((sum, scenario) => sum + scenario.weight, 0);
  let point = Math.random() * total;
  for (const scenario of SCENARIOS) {
    point -= scenario.weight;
    if (point < 0) return scenario;
  }
  return SCENARIOS[SCENARIOS.length - 1];
}
