import type { AuthX } from '../../../src';
import type { ConformanceTable } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { SECRET, nowSeconds } from '../../support/tokens';
import { bearer, claims, hs256Service } from './fixtures';

const CHALLENGE = 'Bearer error="invalid_token"';

/** Reads the `jti` of a token without verifying it. */
function jtiOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).jti;
}

function post(path: string, token: string) {
  return { method: 'POST', path, headers: bearer(token) };
}

async function revokedAccessToken(auth: AuthX<any>): Promise<string> {
  const token = auth.createAccessToken({ uid: 'user-1' });
  await auth.revokeToken(token);
  return token;
}

/**
 * RFC 8725, section 3.12: the two kinds of token are distinguished by the `type` claim and
 * never accepted for each other. Revocation is keyed on `jti` and checked after the signature, so a
 * forged token that copies a revoked `jti` fails as invalid without reaching the store.
 */
export const tokenTypesTable: ConformanceTable = {
  title: 'token type, freshness and revocation (HS256 service)',
  service: (logger) => hs256Service(logger),
  rows: [
    { name: 'refresh token on an access route', request: (auth) => ({ headers: bearer(auth.createRefreshToken({ uid: 'user-1' })) }), status: 401, errorType: 'AccessTokenRequiredError', wwwAuthenticate: CHALLENGE },
    { name: 'access token on the refresh route', request: (auth) => post('/security/refresh', auth.createAccessToken({ uid: 'user-1' })), status: 401, errorType: 'RefreshTokenRequiredError', wwwAuthenticate: CHALLENGE },
    { name: 'refresh token on the refresh route passes', request: (auth) => post('/security/refresh', auth.createRefreshToken({ uid: 'user-1' })), status: 200, sub: 'user-1' },
    { name: 'refresh token on the fresh route', request: (auth) => post('/security/fresh', auth.createRefreshToken({ uid: 'user-1' })), status: 401, errorType: 'AccessTokenRequiredError', wwwAuthenticate: CHALLENGE },
    { name: 'non-fresh token on the fresh route', request: (auth) => post('/security/fresh', auth.createAccessToken({ uid: 'user-1', fresh: false })), status: 401, errorType: 'FreshTokenRequiredError', wwwAuthenticate: CHALLENGE },
    { name: 'fresh claim "true" as a string', request: () => post('/security/fresh', hmacToken({ alg: 'HS256' }, claims({ fresh: 'true' }), SECRET)), status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: CHALLENGE },
    { name: 'revoked access token', request: async (auth) => ({ headers: bearer(await revokedAccessToken(auth)) }), status: 401, errorType: 'RevokedTokenError', wwwAuthenticate: CHALLENGE },
    { name: 'revoked refresh token', request: async (auth) => {
      const token = auth.createRefreshToken({ uid: 'user-1' });
      await auth.revokeToken(token);
      return post('/security/refresh', token);
    }, status: 401, errorType: 'RevokedTokenError', wwwAuthenticate: CHALLENGE },
    { name: 'forged token with a revoked jti', request: async (auth) => {
      const jti = jtiOf(await revokedAccessToken(auth));
      return { headers: bearer(hmacToken({ alg: 'HS256' }, claims({ jti }), 'forged-secret-0123456789-0123456789')) };
    }, status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: CHALLENGE },
    { name: 'expired token with a revoked jti', request: async (auth) => {
      const jti = jtiOf(await revokedAccessToken(auth));
      return { headers: bearer(hmacToken({ alg: 'HS256' }, claims({ jti, exp: nowSeconds() - 1 }), SECRET)) };
    }, status: 401, errorType: 'TokenExpiredError', wwwAuthenticate: CHALLENGE },
    { name: 'other token of the same user passes', request: async (auth) => {
      await revokedAccessToken(auth);
      return { headers: bearer(auth.createAccessToken({ uid: 'user-1' })) };
    }, status: 200, sub: 'user-1' },
  ],
};
