import type { AuthX } from '../../../src';
import type { ConformanceRow, ConformanceTable, RowRequest } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { SECRET } from '../../support/tokens';
import { bearer, claims, hs256Service } from './fixtures';

const CSRF_FAILURE = { status: 401, errorType: 'CSRFError', wwwAuthenticate: undefined };
const PASSES = { status: 200, sub: 'user-1' };

/** Reads the `csrf` claim of a token without verifying it. */
function csrfOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).csrf;
}

interface CookieOptions {
  method: string;
  path?: string;
  type?: 'access' | 'refresh';
  /** The `X-CSRF-TOKEN` value(s) to send, computed from the token's own `csrf` claim. */
  csrf?: (own: string) => string | string[];
  /** Also send the script-readable CSRF cookie, as a browser would. */
  csrfCookie?: boolean;
}

/** Sends a token in its cookie, as a browser would after a cookie login. */
function cookieRequest(options: CookieOptions): ConformanceRow['request'] {
  return (auth) => {
    const type = options.type ?? 'access';
    const token = type === 'access' ? auth.createAccessToken({ uid: 'user-1' }) : auth.createRefreshToken({ uid: 'user-1' });
    const request: RowRequest = {
      method: options.method,
      path: options.path,
      cookies: [[type === 'access' ? 'access_token_cookie' : 'refresh_token_cookie', token]],
      headers: {},
    };
    if (options.csrfCookie) request.cookies?.push([type === 'access' ? 'csrf_access_token' : 'csrf_refresh_token', csrfOf(token)]);
    if (options.csrf) (request.headers as Record<string, string | string[]>)['x-csrf-token'] = options.csrf(csrfOf(token));
    return request;
  };
}

/** Another token's CSRF value: valid in form, wrong for this token. */
function otherCsrf(auth: AuthX<any>): string {
  return csrfOf(auth.createAccessToken({ uid: 'user-1' }));
}

/**
 * CSRF double submit: a token read from a cookie on a method that changes state (POST, PUT,
 * PATCH, DELETE; RFC 9110, section 9.2.1, names the safe ones) needs the token's `csrf` claim
 * echoed in `X-CSRF-TOKEN`. A CSRF failure is not a problem with the credentials, so it
 * carries no `WWW-Authenticate`. Tokens sent in the `Authorization` header need no CSRF value,
 * because a cross-site form cannot set that header.
 */
export const csrfTable: ConformanceTable = {
  title: 'CSRF double submit on cookie tokens (HS256 service)',
  service: (logger) => hs256Service(logger, { JWT_TOKEN_LOCATION: ['headers', 'cookies'] }),
  rows: [
    { name: 'GET with cookie, no CSRF passes', request: cookieRequest({ method: 'GET' }), ...PASSES },
    { name: 'POST with matching CSRF passes', request: cookieRequest({ method: 'POST', csrf: (own) => own }), ...PASSES },
    { name: 'POST without CSRF', request: cookieRequest({ method: 'POST' }), ...CSRF_FAILURE },
    { name: 'PUT without CSRF', request: cookieRequest({ method: 'PUT' }), ...CSRF_FAILURE },
    { name: 'PATCH without CSRF', request: cookieRequest({ method: 'PATCH' }), ...CSRF_FAILURE },
    { name: 'DELETE without CSRF', request: cookieRequest({ method: 'DELETE' }), ...CSRF_FAILURE },
    { name: 'POST with the CSRF cookie only', request: cookieRequest({ method: 'POST', csrfCookie: true }), ...CSRF_FAILURE },
    { name: 'POST with an empty CSRF header', request: cookieRequest({ method: 'POST', csrf: () => '' }), ...CSRF_FAILURE },
    { name: 'POST with a wrong CSRF value', request: cookieRequest({ method: 'POST', csrf: () => 'not-the-csrf-value-of-this-token' }), ...CSRF_FAILURE },
    { name: 'POST with a CSRF value one character short', request: cookieRequest({ method: 'POST', csrf: (own) => own.slice(0, -1) }), ...CSRF_FAILURE },
    { name: 'POST with another token\'s CSRF value', request: async (auth) => ({ ...(await cookieRequest({ method: 'POST' })(auth)), headers: { 'x-csrf-token': otherCsrf(auth) } }), ...CSRF_FAILURE },
    { name: 'POST with the CSRF header twice', request: cookieRequest({ method: 'POST', csrf: (own) => [own, own] }), ...CSRF_FAILURE },
    { name: 'POST with a token lacking csrf', request: () => ({
      method: 'POST',
      cookies: [['access_token_cookie', hmacToken({ alg: 'HS256' }, claims(), SECRET)]],
      headers: { 'x-csrf-token': 'any-value-at-all-0123456789' },
    }), ...CSRF_FAILURE },
    { name: 'POST with a forged cookie token', request: () => ({
      method: 'POST',
      cookies: [['access_token_cookie', hmacToken({ alg: 'HS256' }, claims({ csrf: 'chosen-by-attacker-0123' }), 'forged-secret-0123456789-0123456789')]],
      headers: { 'x-csrf-token': 'chosen-by-attacker-0123' },
    }), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' },
    { name: 'refresh cookie without CSRF', request: cookieRequest({ method: 'POST', path: '/security/refresh', type: 'refresh' }), ...CSRF_FAILURE },
    { name: 'refresh cookie with CSRF passes', request: cookieRequest({ method: 'POST', path: '/security/refresh', type: 'refresh', csrf: (own) => own }), ...PASSES },
    { name: 'POST with a header token, no CSRF passes', request: (auth) => ({ method: 'POST', headers: bearer(auth.createAccessToken({ uid: 'user-1' })) }), ...PASSES },
  ],
};
