import type { ConformanceRow, ConformanceTable } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { SECRET } from '../../support/tokens';
import { bearer, claims, hs256Service } from './fixtures';

const AUDIENCE = 'orders-api';
const ISSUER = 'https://login.example.test';
const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };

/** Sends a token with the expected `aud` and `iss`, then `overrides` applied. */
function withClaims(overrides: Record<string, unknown>): ConformanceRow['request'] {
  return () => ({ headers: bearer(hmacToken({ alg: 'HS256', typ: 'JWT' }, claims({ aud: AUDIENCE, iss: ISSUER, ...overrides }), SECRET)) });
}

/**
 * RFC 7519, sections 4.1.1 and 4.1.3, and RFC 8725, sections 3.8 and 3.9: with
 * `JWT_DECODE_AUDIENCE` and `JWT_DECODE_ISSUER` set, a token must name the audience (as a
 * string or in a list of strings) and carry the issuer, compared exactly.
 */
export const audienceIssuerTable: ConformanceTable = {
  title: 'audience and issuer (HS256 service)',
  service: (logger) => hs256Service(logger, { JWT_DECODE_AUDIENCE: AUDIENCE, JWT_DECODE_ISSUER: ISSUER }),
  rows: [
    { name: 'expected aud and iss pass', request: withClaims({}), status: 200, sub: 'user-1' },
    { name: 'aud list containing ours passes', request: withClaims({ aud: ['billing-api', AUDIENCE] }), status: 200, sub: 'user-1' },
    { name: 'aud another service', request: withClaims({ aud: 'billing-api' }), ...INVALID },
    { name: 'aud missing', request: withClaims({ aud: undefined }), ...INVALID },
    { name: 'aud in upper case', request: withClaims({ aud: AUDIENCE.toUpperCase() }), ...INVALID },
    { name: 'aud with a trailing space', request: withClaims({ aud: `${AUDIENCE} ` }), ...INVALID },
    { name: 'aud a number', request: withClaims({ aud: 42 }), ...INVALID },
    { name: 'aud null', request: withClaims({ aud: null }), ...INVALID },
    { name: 'aud an object', request: withClaims({ aud: { [AUDIENCE]: true } }), ...INVALID },
    { name: 'aud an empty list', request: withClaims({ aud: [] }), ...INVALID },
    { name: 'aud list with a number', request: withClaims({ aud: [AUDIENCE, 42] }), ...INVALID },
    { name: 'aud list nested', request: withClaims({ aud: [[AUDIENCE]] }), ...INVALID },
    { name: 'iss another issuer', request: withClaims({ iss: 'https://login.attacker.test' }), ...INVALID },
    { name: 'iss missing', request: withClaims({ iss: undefined }), ...INVALID },
    { name: 'iss with a trailing slash', request: withClaims({ iss: `${ISSUER}/` }), ...INVALID },
    { name: 'iss in upper case', request: withClaims({ iss: ISSUER.toUpperCase() }), ...INVALID },
    { name: 'iss a number', request: withClaims({ iss: 1 }), ...INVALID },
    { name: 'iss null', request: withClaims({ iss: null }), ...INVALID },
    { name: 'iss a list', request: withClaims({ iss: [ISSUER] }), ...INVALID },
  ],
};
