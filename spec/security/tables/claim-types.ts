import type { ConformanceRow, ConformanceTable } from '../../support/conformance';
import { hmacToken } from '../../support/forge';
import { SECRET } from '../../support/tokens';
import { bearer, claims, hs256Service } from './fixtures';

const INVALID = { status: 401, errorType: 'InvalidTokenError', wwwAuthenticate: 'Bearer error="invalid_token"' };

function withClaims(overrides: Record<string, unknown>): ConformanceRow['request'] {
  return () => ({ headers: bearer(hmacToken({ alg: 'HS256', typ: 'JWT' }, claims(overrides), SECRET)) });
}

/** Builds one invalid row per value of `values` for the claim `name`. */
function invalidValues(name: string, values: Record<string, unknown>): ConformanceRow[] {
  return Object.entries(values).map(([label, value]) => ({ name: `${name} ${label}`, request: withClaims({ [name]: value }), ...INVALID }));
}

/**
 * RFC 7519, section 4.1.2, and RFC 8725, section 3.8: `sub` is a non-empty string. The
 * claims koa-authx relies on also have fixed types: `jti` a non-empty string (the revocation
 * key), `type` `access` or `refresh`, `fresh` a boolean, `scopes` a list of strings, `csrf` a
 * string. A claim of another type makes the token invalid, never coerced.
 */
export const claimTypesTable: ConformanceTable = {
  title: 'subject and claim types (HS256 service)',
  service: (logger) => hs256Service(logger),
  rows: [
    { name: 'string sub passes', request: withClaims({ sub: 'user-1' }), status: 200, sub: 'user-1' },
    ...invalidValues('sub', { missing: undefined, 'a number': 42, null: null, empty: '', 'an array': ['user-1'], 'an object': { id: 'user-1' }, true: true }),
    ...invalidValues('jti', { missing: undefined, 'a number': 7, empty: '' }),
    ...invalidValues('type', { missing: undefined, Access: 'Access', id: 'id', 'a number': 1 }),
    ...invalidValues('fresh', { 'the string true': 'true', 'the number 1': 1 }),
    ...invalidValues('scopes', { 'a string': 'admin', 'a list with a number': ['admin', 1], 'an object': { admin: true } }),
    ...invalidValues('csrf', { 'a number': 12345 }),
  ],
};
