import type { AuthX } from '../../../src';
import type { ConformanceRow, ConformanceTable } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { SECRET } from '../../support/tokens';
import { claims, hs256Service } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };
const MISSING = { status: 401, errorType: 'MissingTokenError', wwwAuthenticate: 'Bearer' };
const REPEATED = { status: 400, errorType: 'InvalidRequestError', wwwAuthenticate: 'Bearer error="invalid_request"' };
const PASSES = { status: 200, sub: 'user-1' };

/** Sends `Authorization` values built around a fresh valid token. */
function authorization(value: (token: string, auth: AuthX<any>) => string | string[]): ConformanceRow['request'] {
  return (auth) => ({ headers: { authorization: value(auth.createAccessToken({ uid: 'user-1' }), auth) } });
}

/** Signs a token of about `bytes` characters, whose `pad` claim makes up the size. */
function largeToken(auth: AuthX<any>, bytes: number): string {
  const base = auth.createAccessToken({ uid: 'user-1', data: { pad: '' } }).length;
  return auth.createAccessToken({ uid: 'user-1', data: { pad: 'p'.repeat(Math.floor(((bytes - base) * 3) / 4)) } });
}

/**
 * RFC 6750, section 2.1, and RFC 9110, section 11.6.2: `Authorization: Bearer <token>`, the
 * scheme matched case-insensitively, one or more spaces, then exactly one token of base64url
 * characters and dots. Another scheme means no bearer token was sent. RFC 9110, section 5.3:
 * `Authorization` is not a list field, so two of them are a malformed request (400).
 */
export const authorizationHeaderTable: ConformanceTable = {
  title: 'Authorization header forms (HS256 service)',
  service: (logger) => hs256Service(logger),
  rows: [
    { name: 'Bearer token passes', request: authorization((token) => `Bearer ${token}`), ...PASSES },
    { name: 'lower-case scheme passes', request: authorization((token) => `bearer ${token}`), ...PASSES },
    { name: 'upper-case scheme passes', request: authorization((token) => `BEARER ${token}`), ...PASSES },
    { name: 'mixed-case scheme passes', request: authorization((token) => `bEaReR ${token}`), ...PASSES },
    { name: 'several spaces pass', request: authorization((token) => `Bearer     ${token}`), ...PASSES },
    // The HTTP parser strips whitespace around a field value (RFC 9110, section 5.5).
    { name: 'surrounding spaces pass', request: authorization((token) => `  Bearer ${token}  `), ...PASSES },
    { name: 'tab after the scheme', request: authorization((token) => `Bearer\t${token}`), ...INVALID },
    { name: 'space and tab after the scheme', request: authorization((token) => `Bearer \t${token}`), ...INVALID },
    { name: 'scheme without a token', request: authorization(() => 'Bearer'), ...INVALID },
    { name: 'scheme and spaces only', request: authorization(() => 'Bearer     '), ...INVALID },
    { name: 'two tokens', request: authorization((token, auth) => `Bearer ${token} ${auth.createAccessToken({ uid: 'user-2' })}`), ...INVALID },
    { name: 'two tokens with a comma', request: authorization((token, auth) => `Bearer ${token},${auth.createAccessToken({ uid: 'user-2' })}`), ...INVALID },
    { name: 'token in quotes', request: authorization((token) => `Bearer "${token}"`), ...INVALID },
    { name: 'token with a semicolon', request: authorization((token) => `Bearer ${token};`), ...INVALID },
    { name: 'token as a parameter', request: authorization((token) => `Bearer token=${token}`), ...INVALID },
    { name: 'Basic scheme', request: authorization(() => `Basic ${Buffer.from('user-1:password').toString('base64')}`), ...MISSING },
    { name: 'Digest scheme', request: authorization(() => 'Digest username="user-1", realm="api", response="0123456789abcdef"'), ...MISSING },
    { name: 'Token scheme with a valid token', request: authorization((token) => `Token ${token}`), ...MISSING },
    { name: 'JWT scheme with a valid token', request: authorization((token) => `JWT ${token}`), ...MISSING },
    { name: 'scheme glued to the token', request: authorization((token) => `Bearer${token}`), ...MISSING },
    { name: 'Bearer- prefix', request: authorization((token) => `Bearer-${token}`), ...MISSING },
    { name: 'bare token, no scheme', request: authorization((token) => token), ...MISSING },
    { name: 'two headers, same token', request: authorization((token) => [`Bearer ${token}`, `Bearer ${token}`]), ...REPEATED },
    { name: 'two headers, valid then forged', request: authorization((token) => [`Bearer ${token}`, `Bearer ${hmacToken({ alg: 'HS256' }, claims({ sub: 'admin' }), 'forged-secret-0123456789-0123456789')}`]), ...REPEATED },
    { name: 'two headers, forged then valid', request: authorization((token) => [`Bearer ${hmacToken({ alg: 'HS256' }, claims({ sub: 'admin' }), 'forged-secret-0123456789-0123456789')}`, `Bearer ${token}`]), ...REPEATED },
    { name: 'two headers, valid then empty', request: authorization((token) => [`Bearer ${token}`, '']), ...REPEATED },
    { name: 'two headers, empty then valid', request: authorization((token) => ['', `Bearer ${token}`]), ...REPEATED },
    { name: 'two headers, Basic then Bearer', request: authorization((token) => ['Basic dXNlci0xOnBhc3N3b3Jk', `Bearer ${token}`]), ...REPEATED },
    { name: '7 KB signed token passes', request: (auth) => ({ headers: { authorization: `Bearer ${largeToken(auth, 7 * 1024)}` } }), ...PASSES },
    { name: '7 KB forged token', request: () => ({ headers: { authorization: `Bearer ${hmacToken({ alg: 'HS256' }, claims({ pad: 'p'.repeat(5000) }), 'forged-secret-0123456789-0123456789')}` } }), ...INVALID },
    { name: 'signed token over 8192 characters', request: (auth) => ({ headers: { authorization: `Bearer ${largeToken(auth, 8300)}` } }), ...INVALID },
  ],
};
