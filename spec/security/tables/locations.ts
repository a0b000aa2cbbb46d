import type { ConformanceTable } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { bearer, claims, hs256Service } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };
const BAD_BODY = { status: 400, errorType: 'BadRequestError', wwwAuthenticate: undefined };
const PASSES = { status: 200, sub: 'user-1' };
const FORGED = () => hmacToken({ alg: 'HS256' }, claims(), 'forged-secret-0123456789-0123456789');

/**
 * Tokens outside the `Authorization` header (RFC 6750, sections 2.2 and 2.3, for the body and
 * the query) get the same checks. Locations are tried in the configured order, and the first
 * one that contains a token decides, so a bad token there is not skipped for a good one. A
 * body the JSON parser rejects is a 400 without a challenge, since no credentials were read.
 */
export const locationsTable: ConformanceTable = {
  title: 'cookie, query and JSON body tokens (HS256 service)',
  service: (logger) => hs256Service(logger, { JWT_TOKEN_LOCATION: ['headers', 'cookies', 'query', 'json'] }),
  rows: [
    { name: 'query token passes', request: (auth) => ({ query: `token=${auth.createAccessToken({ uid: 'user-1' })}` }), ...PASSES },
    { name: 'query token forged', request: () => ({ query: `token=${FORGED()}` }), ...INVALID },
    { name: 'query token twice', request: (auth) => ({ query: `token=${auth.createAccessToken({ uid: 'user-1' })}&token=${FORGED()}` }), status: 400, errorType: 'InvalidRequestError', wwwAuthenticate: 'Bearer error="invalid_request"' },
    { name: 'query token with an encoded space', request: (auth) => ({ query: `token=${auth.createAccessToken({ uid: 'user-1' }).replace('.', '%20.')}` }), ...INVALID },
    { name: 'query token percent-encoded passes', request: (auth) => ({ query: `token=${auth.createAccessToken({ uid: 'user-1' }).replace(/\./g, '%2E')}` }), ...PASSES },
    { name: 'JSON body token passes', request: (auth) => ({ method: 'POST', body: { access_token: auth.createAccessToken({ uid: 'user-1' }) } }), ...PASSES },
    { name: 'JSON body token forged', request: () => ({ method: 'POST', body: { access_token: FORGED() } }), ...INVALID },
    { name: 'JSON body token a number', request: () => ({ method: 'POST', body: { access_token: 12345 } }), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' },
    { name: 'JSON body token a list', request: (auth) => ({ method: 'POST', body: { access_token: [auth.createAccessToken({ uid: 'user-1' })] } }), ...INVALID },
    { name: 'JSON body a list', request: (auth) => ({ method: 'POST', body: [{ access_token: auth.createAccessToken({ uid: 'user-1' }) }] }), status: 401, errorType: 'MissingTokenError', wwwAuthenticate: 'Bearer' },
    { name: 'JSON body token under __proto__', request: (auth) => ({ method: 'POST', body: `{"__proto__":{"access_token":"${auth.createAccessToken({ uid: 'user-1' })}"}}` }), ...BAD_BODY },
    { name: 'JSON body not JSON', request: () => ({ method: 'POST', body: '{"access_token": ' }), ...BAD_BODY },
    { name: 'JSON body token as form data', request: (auth) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `access_token=${auth.createAccessToken({ uid: 'user-1' })}` }), status: 401, errorType: 'MissingTokenError', wwwAuthenticate: 'Bearer' },
    { name: 'cookie token forged', request: () => ({ cookies: [['access_token_cookie', FORGED()]] }), ...INVALID },
    { name: 'cookie token not a JWT', request: () => ({ cookies: [['access_token_cookie', 'not-a-jwt-at-all-0123456789']] }), ...INVALID },
    { name: 'cookie twice, the first forged', request: (auth) => ({ cookies: [['access_token_cookie', FORGED()], ['access_token_cookie', auth.createAccessToken({ uid: 'user-1' })]] }), ...INVALID },
    { name: 'forged header, valid cookie', request: (auth) => ({ headers: bearer(FORGED()), cookies: [['access_token_cookie', auth.createAccessToken({ uid: 'user-1' })]] }), ...INVALID },
    { name: 'valid header, forged cookie passes', request: (auth) => ({ headers: bearer(auth.createAccessToken({ uid: 'user-1' })), cookies: [['access_token_cookie', FORGED()]] }), ...PASSES },
    { name: 'forged cookie, valid query', request: (auth) => ({ cookies: [['access_token_cookie', FORGED()]], query: `token=${auth.createAccessToken({ uid: 'user-1' })}` }), ...INVALID },
  ],
};
